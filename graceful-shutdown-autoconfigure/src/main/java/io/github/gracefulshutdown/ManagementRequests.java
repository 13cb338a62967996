/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.gracefulshutdown;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Tells management requests (actuator endpoints and the health groups' additional paths,
 * such as probes) apart from application traffic on the application's port, so that
 * scrapes and probes during shutdown are neither late arrivals nor requests in flight.
 * <p>
 * It holds the paths, within the application, at which Spring Boot serves management
 * requests on this port; a request is a management request when its path is one of them
 * or lies below one. The auto-configuration takes them from Spring Boot's own view: the
 * actuator's base path, or each exposed endpoint's path when the base path is {@code /},
 * the health groups' additional paths on the {@code server} namespace, each under the
 * dispatcher servlet's path on the servlet stack. With the actuator on a port of its own
 * only the additional paths remain, and without the actuator there is none. No path is
 * assumed: an application's own {@code /livez} is application traffic.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class ManagementRequests {

	private static final ManagementRequests NONE = new ManagementRequests(List.of());

	private final List<String> paths;

	/**
	 * Create an instance for the given paths. An empty path, or {@code /}, is ignored: it
	 * would make every request a management request.
	 * @param paths the paths, within the application (without the context path), at and
	 * below which requests are management requests, such as {@code /actuator} and
	 * {@code /livez}
	 */
	public ManagementRequests(Collection<String> paths) {
		Set<String> cleaned = new LinkedHashSet<>();
		for (String path : paths) {
			String clean = clean(path);
			if (!clean.isEmpty()) {
				cleaned.add(clean);
			}
		}
		this.paths = List.copyOf(cleaned);
	}

	/**
	 * Return an instance for which every request is application traffic, as when no
	 * actuator endpoint is served on the application's port.
	 * @return an instance that matches no request
	 */
	public static ManagementRequests none() {
		return NONE;
	}

	/**
	 * Return the management requests on the application's port as Spring Boot maps them:
	 * the actuator's endpoints, only when the management server has no port of its own,
	 * and the health groups' additional paths on the {@code server} namespace. Call it
	 * only where the actuator is on the classpath.
	 * @param environment the environment, for the management port
	 * @param endpoints the actuator's path-mapped endpoints
	 * @param servedUnder maps a path to where the application serves it, such as under
	 * Spring MVC's dispatcher servlet path
	 * @return the management requests
	 */
	public static ManagementRequests onApplicationPort(Environment environment, PathMappedEndpoints endpoints,
			UnaryOperator<String> servedUnder) {
		List<String> paths = new ArrayList<>();
		if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
			// Boot cleans a base path of "/" to "": each endpoint is then a top-level path
			// of its own, and only the exposed ones are the actuator's.
			if (StringUtils.hasText(endpoints.getBasePath())) {
				paths.add(endpoints.getBasePath());
			}
			paths.addAll(endpoints.getAllPaths());
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			paths.addAll(endpoint.getAdditionalPaths(WebServerNamespace.SERVER));
		}
		return new ManagementRequests(paths.stream().map(servedUnder).toList());
	}

	/**
	 * Return whether the request is for an actuator endpoint or an additional health
	 * path.
	 * @param path the request path within the application, without the context path
	 * @return whether the request is a management request
	 */
	public boolean matches(String path) {
		for (String managementPath : this.paths) {
			if (path.startsWith(managementPath) && (path.length() == managementPath.length()
					|| path.charAt(managementPath.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ManagementRequests " + this.paths;
	}

	private static String clean(String path) {
		String clean = path.trim();
		while (clean.endsWith("/")) {
			clean = clean.substring(0, clean.length() - 1);
		}
		if (!clean.isEmpty() && !clean.startsWith("/")) {
			clean = "/" + clean;
		}
		return clean;
	}

}

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

/**
 * Tells actuator and probe requests apart from application traffic, so that scrapes and
 * probes during shutdown do not count as late arrivals or requests in flight.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class ManagementRequests {

	private final String basePath;

	/**
	 * Create an instance for the given actuator base path.
	 * @param basePath the actuator base path on the application port, such as
	 * {@code /actuator}
	 */
	public ManagementRequests(String basePath) {
		this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
	}

	/**
	 * Return whether the request is for an actuator endpoint or a probe.
	 * @param path the request path within the application, without the context path
	 * @return whether the request is a management request
	 */
	public boolean matches(String path) {
		if (path.equals("/livez") || path.equals("/readyz")) {
			return true;
		}
		if (this.basePath.isEmpty()) {
			return false;
		}
		return path.startsWith(this.basePath)
				&& (path.length() == this.basePath.length() || path.charAt(this.basePath.length()) == '/');
	}

}

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

package io.github.gracefulshutdown.tomcat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ReflectionUtils;

/**
 * The application's Tomcat connectors, and their endpoints, which hold its connections.
 * {@link AbstractProtocol} keeps the endpoints behind a protected getter.
 *
 * @author Graceful Shutdown contributors
 */
final class TomcatEndpoints {

	private static final Log logger = LogFactory.getLog(TomcatEndpoints.class);

	private static final @Nullable Method GET_ENDPOINT = findGetEndpoint();

	private TomcatEndpoints() {
	}

	/**
	 * Return the connectors of the context's Tomcat web server.
	 * @param context the application context
	 * @return the connectors, none if the web server is not Tomcat
	 */
	static List<Connector> connectors(ApplicationContext context) {
		if (context instanceof WebServerApplicationContext webServerContext
				&& webServerContext.getWebServer() instanceof TomcatWebServer tomcatWebServer) {
			return List.of(tomcatWebServer.getTomcat().getService().findConnectors());
		}
		return List.of();
	}

	/**
	 * Return the endpoints of the context's Tomcat web server.
	 * @param context the application context
	 * @return the endpoints, none if the web server is not Tomcat or they cannot be read
	 */
	static List<AbstractEndpoint<?, ?>> of(ApplicationContext context) {
		if (GET_ENDPOINT == null) {
			return List.of();
		}
		List<AbstractEndpoint<?, ?>> endpoints = new ArrayList<>();
		for (Connector connector : connectors(context)) {
			if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
					&& ReflectionUtils.invokeMethod(GET_ENDPOINT, protocol) instanceof AbstractEndpoint<?, ?> endpoint) {
				endpoints.add(endpoint);
			}
		}
		return endpoints;
	}

	static void warnMissing(String member, String consequence) {
		logger.warn(member + " not found in this Tomcat version: " + consequence);
	}

	private static @Nullable Method findGetEndpoint() {
		Method method = ReflectionUtils.findMethod(AbstractProtocol.class, "getEndpoint");
		if (method == null) {
			warnMissing("AbstractProtocol.getEndpoint()",
					"the starter cannot see Tomcat's connections, so Tomcat closes idle keep-alive connections "
							+ "when it stops and a quiet period cannot tell when they have all been told to close");
			return null;
		}
		ReflectionUtils.makeAccessible(method);
		return method;
	}

}

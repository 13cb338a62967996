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

package io.github.gracefulshutdown.jetty;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The connected end points of the application's Jetty connectors: one per open client
 * connection.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyEndPoints {

	private JettyEndPoints() {
	}

	/**
	 * Return the end points connected to the context's Jetty web server right now.
	 * @param context the application context
	 * @return the connected end points, none if the web server is not Jetty
	 */
	static List<EndPoint> connected(ApplicationContext context) {
		if (!(context instanceof WebServerApplicationContext webServerContext)
				|| !(webServerContext.getWebServer() instanceof JettyWebServer jettyWebServer)) {
			return List.of();
		}
		List<EndPoint> endPoints = new ArrayList<>();
		for (Connector connector : jettyWebServer.getServer().getConnectors()) {
			if (connector instanceof AbstractConnector abstractConnector) {
				endPoints.addAll(abstractConnector.getConnectedEndPoints());
			}
		}
		return endPoints;
	}

}

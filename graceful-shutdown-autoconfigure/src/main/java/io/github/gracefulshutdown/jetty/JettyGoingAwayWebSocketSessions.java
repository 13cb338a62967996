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

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.ShutdownStatistics;
import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

import org.springframework.context.ApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@link DrainStartListener} that closes Jetty's native WebSocket sessions with 1001
 * "going away" when the drain starts. With Jetty's WebSocket server on the classpath,
 * Spring MVC upgrades through Jetty's own API rather than Jakarta WebSocket, so these
 * sessions are not in the Jakarta container.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyGoingAwayWebSocketSessions implements DrainStartListener {

	private static final Log logger = LogFactory.getLog(JettyGoingAwayWebSocketSessions.class);

	private final ApplicationContext context;

	private final ShutdownStatistics statistics;

	/**
	 * Create a new {@link JettyGoingAwayWebSocketSessions}.
	 * @param context the context whose servlet context holds Jetty's WebSocket container
	 * @param statistics the statistics to count closed sessions in, as ended streams
	 */
	JettyGoingAwayWebSocketSessions(ApplicationContext context, ShutdownStatistics statistics) {
		this.context = context;
		this.statistics = statistics;
	}

	@Override
	public void onDrainStart() {
		if (!(this.context instanceof WebApplicationContext webContext)) {
			return;
		}
		ServletContext servletContext = webContext.getServletContext();
		JettyWebSocketServerContainer container = (servletContext != null)
				? JettyWebSocketServerContainer.getContainer(servletContext) : null;
		if (container == null) {
			return;
		}
		int closed = 0;
		for (Session session : container.getOpenSessions()) {
			if (session.isOpen()) {
				session.close(StatusCode.SHUTDOWN, "Server is shutting down", Callback.NOOP);
				this.statistics.streamEnded();
				closed++;
			}
		}
		if (closed > 0) {
			logger.info("Closed " + closed + " Jetty WebSocket session(s) as going away");
		}
	}

}

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

package io.github.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.ShutdownStatistics;
import jakarta.servlet.ServletContext;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@link DrainStartListener} that closes the servlet container's open WebSocket sessions
 * with 1001 "going away" when the drain starts. Spring MVC's WebSocket support upgrades
 * through the container's Jakarta WebSocket {@link ServerContainer}, which keeps every
 * session; left open, they would stay up through the drain and be cut without a close
 * frame when the server stops. Told that the server is going away, a client reconnects
 * through the load balancer to another instance.
 * <p>
 * The Jakarta API has no way to list every session of a container, so this asks the
 * container: Jetty has a public {@code getOpenSessions()}, Tomcat keeps them in a private
 * {@code sessions} map. With a container that offers neither, the sessions stay open
 * through the drain, as they do without the starter.
 *
 * @author Graceful Shutdown contributors
 */
final class GoingAwayWebSocketSessions implements DrainStartListener {

	private static final Log logger = LogFactory.getLog(GoingAwayWebSocketSessions.class);

	private static final CloseReason GOING_AWAY = new CloseReason(CloseCodes.GOING_AWAY, "Server is shutting down");

	private final ApplicationContext context;

	private final ShutdownStatistics statistics;

	/**
	 * Create a new {@link GoingAwayWebSocketSessions}.
	 * @param context the context whose servlet context holds the WebSocket container
	 * @param statistics the statistics to count closed sessions in, as ended streams
	 */
	GoingAwayWebSocketSessions(ApplicationContext context, ShutdownStatistics statistics) {
		this.context = context;
		this.statistics = statistics;
	}

	@Override
	public void onDrainStart() {
		if (!(this.context instanceof WebApplicationContext webContext)) {
			return;
		}
		ServletContext servletContext = webContext.getServletContext();
		Object container = (servletContext != null)
				? servletContext.getAttribute(ServerContainer.class.getName()) : null;
		if (container == null) {
			return;
		}
		int closed = 0;
		for (Session session : openSessions(container)) {
			if (close(session)) {
				closed++;
			}
		}
		if (closed > 0) {
			logger.info("Closed " + closed + " WebSocket session(s) as going away");
		}
	}

	private boolean close(Session session) {
		if (!session.isOpen()) {
			return false;
		}
		try {
			session.close(GOING_AWAY);
			this.statistics.streamEnded();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close WebSocket session " + session.getId(), ex);
			return false;
		}
	}

	static Collection<Session> openSessions(Object container) {
		Method getOpenSessions = ReflectionUtils.findMethod(container.getClass(), "getOpenSessions");
		if (getOpenSessions != null && Set.class.isAssignableFrom(getOpenSessions.getReturnType())) {
			ReflectionUtils.makeAccessible(getOpenSessions);
			return sessionsIn((Set<?>) ReflectionUtils.invokeMethod(getOpenSessions, container));
		}
		Field sessions = ReflectionUtils.findField(container.getClass(), "sessions", Map.class);
		if (sessions != null) {
			ReflectionUtils.makeAccessible(sessions);
			Map<?, ?> map = (Map<?, ?>) ReflectionUtils.getField(sessions, container);
			return (map != null) ? sessionsIn(map.keySet()) : List.of();
		}
		logger.warn("Cannot list the open sessions of " + container.getClass().getName()
				+ ": WebSocket sessions stay open through the drain and are cut when the server stops");
		return List.of();
	}

	private static List<Session> sessionsIn(@Nullable Collection<?> candidates) {
		if (candidates == null) {
			return List.of();
		}
		// A copy: closing a session removes it from the container's own collection.
		return candidates.stream().filter(Session.class::isInstance).map(Session.class::cast).toList();
	}

}

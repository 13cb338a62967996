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

import java.lang.reflect.Field;
import java.util.concurrent.locks.Lock;

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.ShutdownStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ReflectionUtils;

/**
 * {@link DrainStartListener} that closes Tomcat's idle keep-alive connections when the
 * drain starts. Left open, Tomcat keeps them until it stops and answers a request that
 * arrives on one of them with a reset; closed now, the client sees a clean end of stream
 * before it sends anything.
 *
 * @author Graceful Shutdown contributors
 */
final class TomcatIdleConnectionCloser implements DrainStartListener {

	private static final Log logger = LogFactory.getLog(TomcatIdleConnectionCloser.class);

	// How many more requests a connection may serve: below the endpoint's maximum once
	// it has served one. Tomcat has a setter and no getter.
	private static final @Nullable Field KEEP_ALIVE_LEFT = findKeepAliveLeft();

	private final ApplicationContext context;

	private final ShutdownStatistics statistics;

	/**
	 * Create a new {@link TomcatIdleConnectionCloser}.
	 * @param context the context whose Tomcat web server to close idle connections of
	 * @param statistics the statistics to count closed connections in
	 */
	TomcatIdleConnectionCloser(ApplicationContext context, ShutdownStatistics statistics) {
		this.context = context;
		this.statistics = statistics;
	}

	@Override
	public void onDrainStart() {
		int closed = 0;
		for (AbstractEndpoint<?, ?> endpoint : TomcatEndpoints.of(this.context)) {
			int maxKeepAliveRequests = endpoint.getMaxKeepAliveRequests();
			for (SocketWrapperBase<?> connection : endpoint.getConnections()) {
				if (closeIfIdle(connection, maxKeepAliveRequests)) {
					closed++;
				}
			}
		}
		this.statistics.idleConnectionsClosed(closed);
		logger.debug("Closed " + closed + " idle keep-alive connection(s)");
	}

	/**
	 * A connection that has not served a request yet is not idle: its first request may
	 * be on its way or already waiting in the socket for a worker thread (under load, up
	 * to the thread pool's queue). Tomcat serves it during the drain, with
	 * {@code Connection: close}.
	 */
	private static boolean hasServedARequest(SocketWrapperBase<?> connection, int maxKeepAliveRequests) {
		if (KEEP_ALIVE_LEFT == null) {
			return false;
		}
		if (maxKeepAliveRequests <= 0) {
			// Unlimited keep-alive requests are not counted down: no way to tell, so
			// every connection without a request in progress counts as idle.
			return true;
		}
		return (int) ReflectionUtils.getField(KEEP_ALIVE_LEFT, connection) < maxKeepAliveRequests;
	}

	private boolean closeIfIdle(SocketWrapperBase<?> connection, int maxKeepAliveRequests) {
		// Tomcat holds the connection's lock while a worker processes it, and keeps a
		// processor attached while an async request is in progress. Holding the lock
		// ourselves stops a new request from starting while we decide.
		Lock lock = connection.getLock();
		if (!lock.tryLock()) {
			return false;
		}
		try {
			if (connection.getCurrentProcessor() != null || connection.isClosed()
					|| !hasServedARequest(connection, maxKeepAliveRequests)) {
				return false;
			}
			connection.close();
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	private static @Nullable Field findKeepAliveLeft() {
		Field field = ReflectionUtils.findField(SocketWrapperBase.class, "keepAliveLeft", int.class);
		if (field == null) {
			TomcatEndpoints.warnMissing("SocketWrapperBase.keepAliveLeft",
					"idle keep-alive connections will be closed by Tomcat when it stops instead of when the drain starts");
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}

}

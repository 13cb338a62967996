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

import java.util.concurrent.Semaphore;

import io.github.gracefulshutdown.DrainStartListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * {@link DrainStartListener} that keeps Jetty, on virtual threads with a limit of tasks
 * at once (Spring Boot sets 200, {@code server.jetty.threads.max}), from closing the
 * connections whose requests wait unread when Spring Boot shuts its connectors down.
 * <p>
 * {@code AbstractConnector.shutdown()} cuts the idle timeout of every connection to its
 * shutdown idle timeout (1 s), and Jetty ends a connection that times out before its
 * request has been read. With the limit reached, Jetty's execution strategy hands the
 * selecting itself to a new task, which waits for a permit like any other: no connection
 * is read until a task ends, and the requests behind it are in no queue the drain could
 * wait for (as {@link JettyQueuedRequests} does for a {@code QueuedThreadPool}): only
 * that one task waits on the pool's semaphore. Switching the timeout off keeps their
 * connections open with their usual idle timeout; Spring Boot's graceful shutdown then
 * serves them during the drain, since the requests being handled keep it waiting while
 * the limit holds the others back. Idle keep-alive connections are then closed when Jetty
 * stops rather than a second into the drain.
 * <p>
 * This is done whenever there is a limit, reached or not as the drain starts: right
 * after a round of tasks has ended, the pool is below its limit while the selector has
 * yet to read the connections that will take it back up.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyVirtualThreadsBacklog implements DrainStartListener {

	private static final Log logger = LogFactory.getLog(JettyVirtualThreadsBacklog.class);

	private final ApplicationContext context;

	/**
	 * Create a new {@link JettyVirtualThreadsBacklog}.
	 * @param context the context whose Jetty web server to keep connections of
	 */
	JettyVirtualThreadsBacklog(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onDrainStart() {
		if (!(this.context instanceof WebServerApplicationContext webServerContext)
				|| !(webServerContext.getWebServer() instanceof JettyWebServer jettyWebServer)) {
			return;
		}
		Server server = jettyWebServer.getServer();
		Semaphore permits = (server.getThreadPool() instanceof VirtualThreadPool virtualThreadPool)
				? virtualThreadPool.getBean(Semaphore.class) : null;
		// While it runs, the pool holds a semaphore of as many permits as tasks may run at
		// once, none without a limit: a way to tell on every Jetty 12 release.
		if (permits == null) {
			return;
		}
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof AbstractConnector abstractConnector) {
				// A negative value leaves every connection's idle timeout as it is.
				abstractConnector.setShutdownIdleTimeout(-1);
			}
		}
		logger.debug("Jetty's virtual threads run " + permits.availablePermits() + " more task(s) at most: keeping "
				+ "connections open through the drain, since requests waiting for a thread have not been read yet");
	}

}

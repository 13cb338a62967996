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

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executor;

import io.github.gracefulshutdown.QueuedRequests;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * {@link QueuedRequests} of Jetty: the jobs waiting in its {@link QueuedThreadPool}'s
 * queue for a thread. Under load they are those of accepted connections whose request
 * has arrived but has not been read yet (now and then one of Jetty's own besides, which
 * only keeps the drain waiting until a thread is free).
 * <p>
 * The drain must wait for them before Spring Boot shuts Jetty's connectors down:
 * {@code AbstractConnector.shutdown()} cuts the idle timeout of every connection to its
 * shutdown idle timeout (1 s), and when it expires on a connection with no request read
 * yet, Jetty fails the connection's interest in reading, still registered while its job
 * waits, and ends the connection unanswered. Once the job has run, the request is read,
 * and a request being handled outlives the timeout.
 * <p>
 * On virtual threads nothing is counted: Jetty's {@code VirtualThreadPool} limits the
 * tasks that run at once, but what waits is the selector, which reads no more connections
 * until a task ends, so the requests behind it are in no queue that can be seen. There
 * {@link JettyVirtualThreadsBacklog} keeps their connections open instead.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyQueuedRequests implements QueuedRequests {

	private final ApplicationContext context;

	/**
	 * Create a new {@link JettyQueuedRequests}.
	 * @param context the context whose Jetty web server to watch
	 */
	JettyQueuedRequests(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public int count() {
		if (!(this.context instanceof WebServerApplicationContext webServerContext)
				|| !(webServerContext.getWebServer() instanceof JettyWebServer jettyWebServer)) {
			return 0;
		}
		int queued = 0;
		for (Executor executor : executors(jettyWebServer.getServer())) {
			queued += queued(executor);
		}
		return queued;
	}

	/**
	 * The server's thread pool, and any other executor a connector was given.
	 */
	private static Set<Executor> executors(Server server) {
		Set<Executor> executors = Collections.newSetFromMap(new IdentityHashMap<>());
		executors.add(server.getThreadPool());
		for (Connector connector : server.getConnectors()) {
			executors.add(connector.getExecutor());
		}
		return executors;
	}

	private static int queued(Executor executor) {
		if (executor instanceof QueuedThreadPool threadPool) {
			return threadPool.getQueueSize();
		}
		// Virtual threads, or an executor whose queue cannot be seen.
		return 0;
	}

}

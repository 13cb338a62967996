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

import java.util.concurrent.Executor;

import io.github.gracefulshutdown.QueuedRequests;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

import org.springframework.context.ApplicationContext;

/**
 * {@link QueuedRequests} of Tomcat: the connections its connectors have handed to their
 * executor and that wait for a free worker thread.
 *
 * @author Graceful Shutdown contributors
 */
final class TomcatQueuedRequests implements QueuedRequests {

	private final ApplicationContext context;

	/**
	 * Create a new {@link TomcatQueuedRequests}.
	 * @param context the context whose Tomcat web server to watch
	 */
	TomcatQueuedRequests(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public int count() {
		int queued = 0;
		for (Connector connector : TomcatEndpoints.connectors(this.context)) {
			queued += queued(connector.getProtocolHandler().getExecutor());
		}
		return queued;
	}

	private static int queued(Executor executor) {
		if (executor instanceof ThreadPoolExecutor tomcatExecutor) {
			return tomcatExecutor.getQueue().size();
		}
		if (executor instanceof java.util.concurrent.ThreadPoolExecutor executorService) {
			return executorService.getQueue().size();
		}
		// Virtual threads, or an executor whose queue cannot be seen.
		return 0;
	}

}

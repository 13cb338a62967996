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

import io.github.gracefulshutdown.OpenConnections;
import org.apache.tomcat.util.net.AbstractEndpoint;

import org.springframework.context.ApplicationContext;

/**
 * The connections open on Tomcat's connectors. Not the endpoint's connection count: its
 * acceptor counts a connection before it waits to accept one.
 *
 * @author Graceful Shutdown contributors
 */
final class TomcatOpenConnections implements OpenConnections {

	private final ApplicationContext context;

	/**
	 * Create a new {@link TomcatOpenConnections}.
	 * @param context the context whose Tomcat web server to watch
	 */
	TomcatOpenConnections(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public int count() {
		int open = 0;
		for (AbstractEndpoint<?, ?> endpoint : TomcatEndpoints.of(this.context)) {
			open += endpoint.getConnections().size();
		}
		return open;
	}

}

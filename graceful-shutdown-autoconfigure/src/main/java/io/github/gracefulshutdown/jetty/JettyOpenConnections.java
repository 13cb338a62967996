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

import io.github.gracefulshutdown.OpenConnections;

import org.springframework.context.ApplicationContext;

/**
 * The connections open on Jetty's connectors: their connected end points.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyOpenConnections implements OpenConnections {

	private final ApplicationContext context;

	/**
	 * Create a new {@link JettyOpenConnections}.
	 * @param context the context whose Jetty web server to watch
	 */
	JettyOpenConnections(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public int count() {
		return JettyEndPoints.connected(this.context).size();
	}

}

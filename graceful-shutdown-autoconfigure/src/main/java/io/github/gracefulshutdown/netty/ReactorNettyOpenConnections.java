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

package io.github.gracefulshutdown.netty;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.gracefulshutdown.OpenConnections;
import reactor.netty.http.server.HttpServer;

/**
 * The connections open on Reactor Netty's HTTP server, counted as the server accepts and
 * disposes of them: Reactor Netty keeps no count of its own. Register
 * {@link #countConnections(HttpServer)} as a server customizer of the application's web
 * server factory.
 *
 * @author Graceful Shutdown contributors
 */
final class ReactorNettyOpenConnections implements OpenConnections {

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Count the connections of the given server.
	 * @param server the server to customize
	 * @return the server, counting its connections
	 */
	public HttpServer countConnections(HttpServer server) {
		return server.doOnConnection((connection) -> {
			this.open.incrementAndGet();
			connection.onDispose(this.open::decrementAndGet);
		});
	}

	@Override
	public int count() {
		return this.open.get();
	}

}

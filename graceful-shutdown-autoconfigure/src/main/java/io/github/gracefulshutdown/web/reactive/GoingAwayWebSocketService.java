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

package io.github.gracefulshutdown.web.reactive;

import java.util.List;

import io.github.gracefulshutdown.OpenStreams;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@link WebSocketService} that registers every WebSocket session with
 * {@link OpenStreams}, which closes it with 1001 "going away" as the drain starts.
 * Reactor Netty counts an open WebSocket as an active connection, so left open it would
 * hold the drain until its timeout and then be cut without a close frame.
 *
 * @author Graceful Shutdown contributors
 */
final class GoingAwayWebSocketService implements WebSocketService {

	private final WebSocketService delegate;

	private final OpenStreams openStreams;

	/**
	 * Create a new {@link GoingAwayWebSocketService}.
	 * @param delegate the service that performs the handshake
	 * @param openStreams where sessions are registered
	 */
	GoingAwayWebSocketService(WebSocketService delegate, OpenStreams openStreams) {
		this.delegate = delegate;
		this.openStreams = openStreams;
	}

	@Override
	public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
		return this.delegate.handleRequest(exchange, new GoingAwayHandler(handler, this.openStreams));
	}

	private record GoingAwayHandler(WebSocketHandler delegate, OpenStreams openStreams) implements WebSocketHandler {

		@Override
		public List<String> getSubProtocols() {
			return this.delegate.getSubProtocols();
		}

		@Override
		public Mono<Void> handle(WebSocketSession session) {
			OpenStreams.Stream stream = this.openStreams.open(() -> {
				session.close(CloseStatus.GOING_AWAY).subscribe();
				return true;
			});
			return this.delegate.handle(session).doFinally((signal) -> stream.closed());
		}

	}

}

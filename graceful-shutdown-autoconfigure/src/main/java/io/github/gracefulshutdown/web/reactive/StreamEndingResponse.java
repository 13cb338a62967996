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

import io.github.gracefulshutdown.OpenStreams;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A response whose body, when it streams (Server-Sent Events, NDJSON), ends as the drain
 * starts: the body completes, so the server ends the response properly, and the
 * application's publisher is cancelled.
 *
 * @author Graceful Shutdown contributors
 */
final class StreamEndingResponse extends ServerHttpResponseDecorator {

	private final OpenStreams openStreams;

	StreamEndingResponse(ServerHttpResponse delegate, OpenStreams openStreams) {
		super(delegate);
		this.openStreams = openStreams;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return isStreaming() ? super.writeWith(endAtDrainStart(body)) : super.writeWith(body);
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return isStreaming() ? super.writeAndFlushWith(endAtDrainStart(body)) : super.writeAndFlushWith(body);
	}

	private boolean isStreaming() {
		MediaType contentType = getHeaders().getContentType();
		return contentType != null && OpenStreams.isStreaming(contentType.toString());
	}

	private <T> Flux<T> endAtDrainStart(Publisher<T> body) {
		return Flux.defer(() -> {
			Sinks.One<Boolean> drainStarted = Sinks.one();
			OpenStreams.Stream stream = this.openStreams
				.open(() -> drainStarted.tryEmitValue(true) == Sinks.EmitResult.OK);
			return Flux.from(body).takeUntilOther(drainStarted.asMono()).doFinally((signal) -> stream.closed());
		});
	}

}

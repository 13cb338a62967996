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

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@link WebFilter} that tracks requests in flight and, once shutdown has begun, makes
 * every response carry {@code Connection: close} so that keep-alive clients move to
 * another instance. The header is decided when the response commits, so a request that
 * began before shutdown and answers after it closes its connection too. Streaming
 * responses (Server-Sent Events, NDJSON) are registered with {@link OpenStreams}, which
 * ends them as the drain starts.
 *
 * @author Graceful Shutdown contributors
 */
final class GracefulShutdownWebFilter implements WebFilter, Ordered {

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final ManagementRequests managementRequests;

	private final OpenStreams openStreams;

	/**
	 * Create a new {@link GracefulShutdownWebFilter}.
	 * @param timeline the shutdown timeline
	 * @param inFlightRequests the requests in flight
	 * @param statistics the statistics to count late requests and closed connections in
	 * @param managementRequests which requests are not application traffic
	 * @param openStreams where streaming responses are registered
	 */
	GracefulShutdownWebFilter(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, ManagementRequests managementRequests, OpenStreams openStreams) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.managementRequests = managementRequests;
		this.openStreams = openStreams;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			if (this.timeline.isShuttingDown()) {
				response.getHeaders().set(HttpHeaders.CONNECTION, "close");
				this.statistics.connectionToldToClose();
			}
			return Mono.empty();
		});
		ServerHttpRequest request = exchange.getRequest();
		if (this.managementRequests.matches(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		this.statistics.requestReceived();
		InFlightRequests.Request inFlight = this.inFlightRequests.begin(request.getMethod().name(),
				request.getPath().value());
		ServerWebExchange streamEnding = exchange.mutate()
			.response(new StreamEndingResponse(response, this.openStreams))
			.build();
		return chain.filter(streamEnding).doFinally((signal) -> this.inFlightRequests.end(inFlight));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

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

import java.util.function.Supplier;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@link WebFilter} that tracks requests in flight and, once shutdown has begun, makes
 * every HTTP/1.x response carry {@code Connection: close} so that keep-alive clients move
 * to another instance. The header is decided when the response commits, so a request that
 * began before shutdown and answers after it closes its connection too. HTTP/2 has no
 * such header (its connections end with the GOAWAY the drain sends), so an HTTP/2
 * response is neither changed nor counted. Streaming responses (Server-Sent Events,
 * NDJSON) are registered with {@link OpenStreams}, which ends them as the drain starts.
 * <p>
 * As on the servlet stack, {@link ShutdownStatistics#connectionToldToClose()} counts
 * application responses only: a probe or scrape gets the header too, so that a scraper's
 * kept-alive connection moves on, but is not counted. Requests served by Spring Boot's
 * management server on a port of its own pass through untouched: its child context
 * inherits this filter bean, and none of its traffic is the application's.
 *
 * @author Graceful Shutdown contributors
 */
final class GracefulShutdownWebFilter implements WebFilter, Ordered {

	private static final String MANAGEMENT_SERVER_NAMESPACE = "management";

	private static final boolean reactorNettyPresent = ClassUtils
		.isPresent("reactor.netty.http.server.HttpServerRequest", GracefulShutdownWebFilter.class.getClassLoader());

	private static final boolean servletPresent = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			GracefulShutdownWebFilter.class.getClassLoader());

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final Supplier<ManagementRequests> managementRequests;

	private final OpenStreams openStreams;

	/**
	 * Create a new {@link GracefulShutdownWebFilter}.
	 * @param timeline the shutdown timeline
	 * @param inFlightRequests the requests in flight
	 * @param statistics the statistics to count late requests and closed connections in
	 * @param managementRequests which requests are not application traffic, asked for at
	 * each request (and meant to be cached): the paths come from the actuator's
	 * endpoints, which need not exist yet when the filter is created
	 * @param openStreams where streaming responses are registered
	 */
	GracefulShutdownWebFilter(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, Supplier<ManagementRequests> managementRequests, OpenStreams openStreams) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.managementRequests = managementRequests;
		this.openStreams = openStreams;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (WebServerApplicationContext.hasServerNamespace(exchange.getApplicationContext(),
				MANAGEMENT_SERVER_NAMESPACE)) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		String path = request.getPath().pathWithinApplication().value();
		boolean application = !this.managementRequests.get().matches(path);
		if (isHttp1(request)) {
			response.beforeCommit(() -> {
				if (this.timeline.isShuttingDown()) {
					response.getHeaders().set(HttpHeaders.CONNECTION, "close");
					if (application) {
						this.statistics.connectionToldToClose();
					}
				}
				return Mono.empty();
			});
		}
		if (!application) {
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

	/**
	 * Whether the request came over HTTP/1.x, asked of the server's own request, since
	 * WebFlux's request does not tell: Reactor Netty's {@code protocol()}, or the servlet
	 * request's under Tomcat and Jetty. A request whose server is unknown is taken to be
	 * HTTP/1.x, the protocol that needs the header.
	 * @param request the request
	 * @return whether it came over HTTP/1.x
	 */
	static boolean isHttp1(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// No native request to ask: a decorator that hides it, or a mock request.
			return true;
		}
		String protocol = null;
		if (reactorNettyPresent) {
			protocol = ReactorNettyProtocol.of(nativeRequest);
		}
		if (protocol == null && servletPresent) {
			protocol = ServletProtocol.of(nativeRequest);
		}
		return protocol == null || protocol.startsWith("HTTP/1");
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Reactor Netty's request, in a class of its own so that the filter loads without
	 * Reactor Netty.
	 */
	private static final class ReactorNettyProtocol {

		static @Nullable String of(Object nativeRequest) {
			return (nativeRequest instanceof HttpServerRequest nettyRequest) ? nettyRequest.protocol() : null;
		}

	}

	/**
	 * A servlet container's request, in a class of its own so that the filter loads
	 * without the Servlet API.
	 */
	private static final class ServletProtocol {

		static @Nullable String of(Object nativeRequest) {
			return (nativeRequest instanceof HttpServletRequest servletRequest) ? servletRequest.getProtocol() : null;
		}

	}

}

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

package io.github.gracefulshutdown.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.web.reactive.BenchmarkWebFilter;
import io.github.gracefulshutdown.web.servlet.BenchmarkServletFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The starter's own work on the request path, in steady state: a request through the
 * servlet filter or the WebFilter, against the same request through the application
 * alone (here, a handler that writes a short body). The difference is what every
 * request pays for the starter, free of the network, the server and the machine's noise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(2)
public class RequestPathCost {

	private static final byte[] BODY = "ok".getBytes(StandardCharsets.UTF_8);

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	private final InFlightRequests inFlightRequests = new InFlightRequests();

	private final ManagementRequests managementRequests = new ManagementRequests(List.of("/actuator"));

	private final OpenStreams openStreams = new OpenStreams(this.statistics);

	private final Filter filter = BenchmarkServletFilter.of(this.timeline, this.inFlightRequests, this.statistics,
			this.managementRequests, this.openStreams);

	private final WebFilter webFilter = BenchmarkWebFilter.of(this.timeline, this.inFlightRequests, this.statistics,
			this.managementRequests, this.openStreams);

	private final WebSessionManager sessionManager = new DefaultWebSessionManager();

	private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

	private final LocaleContextResolver localeResolver = new AcceptHeaderLocaleContextResolver();

	private final FilterChain application = (request, response) -> response.getOutputStream().write(BODY);

	private final WebFilterChain reactiveApplication = (exchange) -> exchange.getResponse()
		.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(BODY)));

	@Benchmark
	public MockHttpServletResponse servletWithout() throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.application.doFilter(servletRequest(), response);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse servletWith() throws IOException, ServletException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(servletRequest(), response, this.application);
		return response;
	}

	@Benchmark
	public MockServerHttpResponse reactiveWithout() {
		ServerWebExchange exchange = reactiveExchange();
		this.reactiveApplication.filter(exchange).block();
		return (MockServerHttpResponse) exchange.getResponse();
	}

	@Benchmark
	public MockServerHttpResponse reactiveWith() {
		ServerWebExchange exchange = reactiveExchange();
		this.webFilter.filter(exchange, this.reactiveApplication).block();
		return (MockServerHttpResponse) exchange.getResponse();
	}

	/**
	 * An exchange as a server creates one per request: the codecs and the session
	 * manager are shared, not built again for each request.
	 */
	private ServerWebExchange reactiveExchange() {
		return new DefaultServerWebExchange(MockServerHttpRequest.get("/work").build(), new MockServerHttpResponse(),
				this.sessionManager, this.codecs, this.localeResolver);
	}

	private static MockHttpServletRequest servletRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/work");
		request.setProtocol("HTTP/1.1");
		return request;
	}

}

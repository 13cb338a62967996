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

import java.net.URI;
import java.util.List;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownWebFilter}. Reactor Netty's HTTP/1.1 and HTTP/2
 * requests are tested over real connections in the server-level tests.
 */
class GracefulShutdownWebFilterTests {

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	private final GracefulShutdownWebFilter filter = new GracefulShutdownWebFilter(this.timeline,
			new InFlightRequests(), this.statistics, () -> new ManagementRequests(List.of("/actuator")),
			new OpenStreams(this.statistics));

	@Test
	void onceShutdownHasBegunAnApplicationResponseIsToldToCloseAndCounted() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello"));
		filter(exchange);
		assertThat(exchange.getResponse().getHeaders().getConnection()).containsExactly("close");
		assertThat(this.statistics.connectionsToldToClose()).isEqualTo(1);
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(1);
	}

	@Test
	void onceShutdownHasBegunAManagementResponseIsToldToCloseButNotCounted() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/actuator/health/liveness"));
		filter(exchange);
		assertThat(exchange.getResponse().getHeaders().getConnection()).containsExactly("close");
		assertThat(this.statistics.connectionsToldToClose()).isZero();
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
	}

	@Test
	void aServletContainersHttp2RequestIsNotHttp1() {
		// WebFlux on Tomcat or Jetty.
		assertThat(GracefulShutdownWebFilter.isHttp1(new ServletBackedRequest("HTTP/2.0"))).isFalse();
	}

	@Test
	void aServletContainersHttp11RequestIsHttp1() {
		assertThat(GracefulShutdownWebFilter.isHttp1(new ServletBackedRequest("HTTP/1.1"))).isTrue();
	}

	@Test
	void aRequestOfAnUnknownServerIsTakenForHttp1() {
		assertThat(GracefulShutdownWebFilter.isHttp1(MockServerHttpRequest.get("/hello").build())).isTrue();
	}

	private void filter(MockServerWebExchange exchange) {
		this.filter.filter(exchange, (filtered) -> filtered.getResponse().setComplete()).block();
	}

	/**
	 * A request whose native request is a servlet container's, as WebFlux's own adapter
	 * for Tomcat and Jetty makes them.
	 */
	private static final class ServletBackedRequest extends AbstractServerHttpRequest {

		private final HttpServletRequest nativeRequest;

		ServletBackedRequest(String protocol) {
			super(HttpMethod.GET, URI.create("/hello"), null, new HttpHeaders());
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/hello");
			request.setProtocol(protocol);
			this.nativeRequest = request;
		}

		@Override
		protected MultiValueMap<String, HttpCookie> initCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		protected @Nullable SslInfo initSslInfo() {
			return null;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.empty();
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeRequest() {
			return (T) this.nativeRequest;
		}

	}

}

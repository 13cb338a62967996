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

package io.github.gracefulshutdown.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-level shutdown tests on ReactorNetty.
 */
class ReactorNettyGracefulShutdownServerTests extends AbstractGracefulShutdownServerTests {

	private static final int WEB_SOCKETS = 5;

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ReactiveTestApplication.class, ServerFactory.class).web(WebApplicationType.REACTIVE);
	}

	@Test
	void whenTheDrainStartsThenOpenWebSocketsAreClosedAsGoingAway() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "graceful-shutdown.drain-timeout=5s");
		HttpClient client = HttpClient.newHttpClient();
		List<ClosingListener> listeners = new ArrayList<>();
		for (int i = 0; i < WEB_SOCKETS; i++) {
			ClosingListener listener = new ClosingListener();
			client.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port() + "/ws"), listener)
				.get(30, TimeUnit.SECONDS);
			assertThat(listener.firstMessage.get(30, TimeUnit.SECONDS)).isEqualTo("open");
			listeners.add(listener);
		}
		OpenStreams openStreams = context().getBean(OpenStreams.class);
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		assertThat(openStreams.count()).isEqualTo(WEB_SOCKETS);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		lifecycle().endPropagation();
		for (ClosingListener listener : listeners) {
			assertThat(listener.closeStatus.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
		}
		closing.get(30, TimeUnit.SECONDS);
		// Left open, they would have held the drain until its timeout and been aborted.
		assertThat(statistics.abortedRequests()).isZero();
		assertThat(statistics.streamsEnded()).isEqualTo(WEB_SOCKETS);
	}

	/**
	 * Records the first message and the close status a WebSocket client receives.
	 */
	static class ClosingListener implements WebSocket.Listener {

		final CompletableFuture<String> firstMessage = new CompletableFuture<>();

		final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.firstMessage.complete(data.toString());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeStatus.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeStatus.completeExceptionally(error);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServerFactory {

		@Bean
		NettyReactiveWebServerFactory webServerFactory() {
			return new NettyReactiveWebServerFactory();
		}

	}

}

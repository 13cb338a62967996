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

import java.util.Map;

import io.github.gracefulshutdown.ManualPropagationEnd;
import io.github.gracefulshutdown.web.AbstractGracefulShutdownServerTests.Gate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * A WebFlux application for the server-level tests.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveTestApplication.Endpoints.class)
class ReactiveTestApplication {

	/**
	 * Lets a test end the propagation phase instead of waiting out its delay; tests of
	 * the quiet period turn it off to get the real end.
	 * @return the propagation end
	 */
	@Bean
	@ConditionalOnProperty(name = "test.manual-propagation-end", matchIfMissing = true)
	ManualPropagationEnd manualPropagationEnd() {
		return new ManualPropagationEnd();
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	/**
	 * A WebSocket at {@code /ws} that says "open" and then listens until the session
	 * ends.
	 * @return the handler mapping
	 */
	@Bean
	HandlerMapping webSocketMapping() {
		WebSocketHandler handler = (session) -> session.send(Mono.just(session.textMessage("open")))
			.then(session.receive().then());
		return new SimpleUrlHandlerMapping(Map.of("/ws", handler), -1);
	}

	/**
	 * Reactor Netty's WebSocket upgrade: with every server on the test classpath, the
	 * one detected would be Tomcat's.
	 * @return the configurer
	 */
	@Bean
	WebFluxConfigurer reactorNettyWebSockets() {
		return new WebFluxConfigurer() {

			@Override
			public WebSocketService getWebSocketService() {
				return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
			}

		};
	}

	@RestController
	static class Endpoints {

		private final Gate gate;

		Endpoints(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		/**
		 * The application's own route that shares its name with a common probe path:
		 * application traffic, as any other route.
		 * @return the body
		 */
		@GetMapping("/livez")
		Mono<String> livez() {
			return Mono.just("the application's own");
		}

		@GetMapping("/block")
		Mono<String> block() {
			return Mono.fromFuture(this.gate.future);
		}

		/**
		 * An event stream that sends one event and then stays open.
		 * @return the stream
		 */
		@GetMapping("/events")
		Flux<ServerSentEvent<String>> events() {
			return Flux.concat(Flux.just(ServerSentEvent.builder("open").build()), Flux.never());
		}

	}

}

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

import java.io.IOException;
import java.time.Duration;

import io.github.gracefulshutdown.ManualPropagationEnd;
import io.github.gracefulshutdown.web.AbstractGracefulShutdownServerTests.Gate;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * A servlet application for the server-level tests.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocket
@Import(ServletTestApplication.Endpoints.class)
class ServletTestApplication {

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

	/**
	 * A WebSocket at {@code /ws} that says "open" and then listens until the session
	 * closes.
	 * @return the configurer that registers it
	 */
	@Bean
	WebSocketConfigurer webSocketEndpoint(Environment environment) {
		TextWebSocketHandler handler = new TextWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				session.sendMessage(new TextMessage("open"));
			}

		};
		// Spring upgrades through Jetty's own API whenever Jetty is on the classpath, as it
		// is in these tests; an application on Tomcat alone upgrades through Jakarta
		// WebSocket.
		boolean jakarta = environment.getProperty("test.websocket.jakarta", Boolean.class, false);
		return (registry) -> registry.addHandler(handler, "/ws")
			.setHandshakeHandler(jakarta ? new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy())
					: new DefaultHandshakeHandler());
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	@RestController
	static class Endpoints {

		private final Gate gate;

		Endpoints(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		/**
		 * The application's own route that shares its name with a common probe path:
		 * application traffic, as any other route.
		 * @return the body
		 */
		@GetMapping("/livez")
		String livez() {
			return "the application's own";
		}

		@GetMapping("/block")
		String block() throws Exception {
			return this.gate.awaitOpen();
		}

		/**
		 * An event stream that sends one event and then stays open.
		 * @return the stream
		 * @throws IOException if the event cannot be sent
		 */
		@GetMapping("/events")
		SseEmitter events() throws IOException {
			SseEmitter emitter = new SseEmitter(Duration.ofMinutes(5).toMillis());
			emitter.send(SseEmitter.event().data("open"));
			return emitter;
		}

	}

}

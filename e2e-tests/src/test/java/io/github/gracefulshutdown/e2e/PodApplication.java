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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The application each pod runs: a web application to which the starter is added (or
 * not) by the classpath it is started with, servlet or reactive depending on the server
 * the pod is started with. It answers {@code GET /work?ms=N} after N milliseconds of
 * simulated work and {@code POST /work} with the size of the body it read;
 * {@code GET /events} is a Server-Sent Events stream that ticks every {@link #TICK} until
 * its client goes away; {@code /ws} is a WebSocket that says {@link #OPEN} and then echoes
 * text messages.
 */
// No component scanning: the tests in this package are not part of the application.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ PodApplication.ServletEndpoints.class, PodApplication.ReactiveEndpoints.class })
public class PodApplication {

	/**
	 * Response header naming the pod that served the request.
	 */
	static final String POD_HEADER = "X-Pod";

	/**
	 * Interval between two events of an event stream.
	 */
	static final Duration TICK = Duration.ofMillis(200);

	/**
	 * The first message on a WebSocket.
	 */
	static final String OPEN = "open";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PodApplication.class);
		// An application that manages its own shutdown, as pod.shutdown-hook=false asks.
		application.setRegisterShutdownHook(!Arrays.asList(args).contains("--pod.shutdown-hook=false"));
		application.run(args);
	}

	/**
	 * Startup work that runs once the web server is up but before the application
	 * reports ready, as a cache warm-up would: {@code pod.startup-work} long.
	 * @param work how long the work takes
	 * @return the runner
	 */
	/**
	 * A bean that takes {@code pod.slow-stop} to stop and stops before anything else, as
	 * a message listener container finishing its batch would.
	 * @param slowStop how long stopping takes
	 * @return the bean
	 */
	@Bean
	SmartLifecycle slowStop(@Value("${pod.slow-stop:0}") Duration slowStop) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				try {
					// Simulated work left to finish.
					Thread.sleep(slowStop.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				// Running until stopped, as a listener container finishing its batch is.
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return Integer.MAX_VALUE;
			}

		};
	}

	/**
	 * A JVM shutdown hook of the application's own, as a tracing exporter flushing its
	 * spans registers: it takes {@code pod.exit-hook} and then writes
	 * {@code pod.exit-hook-marker}, so a test sees whether the JVM let it finish.
	 * @param work how long the hook works
	 * @param marker the file it writes once done, unset for no hook
	 * @return the runner that registers it
	 */
	@Bean
	ApplicationRunner exitHook(@Value("${pod.exit-hook:0}") Duration work,
			@Value("${pod.exit-hook-marker:}") String marker) {
		return (arguments) -> {
			if (marker.isEmpty()) {
				return;
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					// Simulated flushing.
					Thread.sleep(work.toMillis());
					Files.writeString(Path.of(marker), "flushed after " + work.toMillis() + "ms");
				}
				catch (InterruptedException | IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, "pod-exit-hook"));
		};
	}

	/**
	 * A second application in the same JVM, on {@code pod.second-application-port}, as a
	 * launcher running two applications would: the first is the one the JVM runs for.
	 * @param port the second application's port, 0 for none
	 * @return the runner that starts it
	 */
	@Bean
	ApplicationRunner secondApplication(@Value("${pod.second-application-port:0}") int port) {
		return (arguments) -> {
			if (port > 0) {
				new SpringApplication(PodApplication.class).run("--server.port=" + port, "--pod.name=second",
						"--spring.main.banner-mode=off", "--graceful-shutdown.propagation-delay=0");
			}
		};
	}

	@Bean
	ApplicationRunner startupWork(@Value("${pod.startup-work:0}") Duration work) {
		return (arguments) -> Thread.sleep(work.toMillis());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@EnableWebSocket
	@Import(ServletEndpoints.Controller.class)
	static class ServletEndpoints {

		@Bean
		WebSocketConfigurer echoWebSocket() {
			TextWebSocketHandler echo = new TextWebSocketHandler() {

				@Override
				public void afterConnectionEstablished(WebSocketSession session) throws IOException {
					session.sendMessage(new TextMessage(OPEN));
				}

				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
					session.sendMessage(message);
				}

			};
			return (registry) -> registry.addHandler(echo, "/ws");
		}

		@RestController
		static class Controller {

			private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "sse-ticker");
				thread.setDaemon(true);
				return thread;
			});

			private final String pod;

			Controller(@Value("${pod.name:pod}") String pod) {
				this.pod = pod;
			}

			@GetMapping("/work")
			ResponseEntity<String> work(@RequestParam(defaultValue = "0") long ms) throws InterruptedException {
				// Simulated request latency.
				Thread.sleep(ms);
				return ResponseEntity.ok().header(POD_HEADER, this.pod).body("done");
			}

			@PostMapping("/work")
			ResponseEntity<String> post(@RequestBody(required = false) byte[] body) {
				return ResponseEntity.ok()
					.header(POD_HEADER, this.pod)
					.body("read " + ((body != null) ? body.length : 0));
			}

			@GetMapping("/events")
			SseEmitter events() {
				SseEmitter emitter = new SseEmitter(Duration.ofMinutes(10).toMillis());
				ScheduledFuture<?> ticks = this.ticker.scheduleAtFixedRate(() -> {
					try {
						emitter.send(SseEmitter.event().data("tick"));
					}
					catch (IOException | IllegalStateException ex) {
						// The stream has ended: its completion callback cancels the ticks.
					}
				}, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
				emitter.onCompletion(() -> ticks.cancel(false));
				emitter.onError((ex) -> ticks.cancel(false));
				return emitter;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@Import(ReactiveEndpoints.Controller.class)
	static class ReactiveEndpoints {

		@Bean
		HandlerMapping echoWebSocket() {
			WebSocketHandler echo = (session) -> session
				.send(Flux.concat(Mono.just(session.textMessage(OPEN)),
						session.receive().map((message) -> session.textMessage(message.getPayloadAsText()))));
			return new SimpleUrlHandlerMapping(Map.of("/ws", echo), -1);
		}

		@RestController
		static class Controller {

			private final String pod;

			Controller(@Value("${pod.name:pod}") String pod) {
				this.pod = pod;
			}

			@GetMapping("/work")
			Mono<ResponseEntity<String>> work(@RequestParam(defaultValue = "0") long ms) {
				return Mono.delay(Duration.ofMillis(ms))
					.thenReturn(ResponseEntity.ok().header(POD_HEADER, this.pod).body("done"));
			}

			@PostMapping("/work")
			Mono<ResponseEntity<String>> post(@RequestBody(required = false) Mono<byte[]> body) {
				return body.map((bytes) -> bytes.length)
					.defaultIfEmpty(0)
					.map((length) -> ResponseEntity.ok().header(POD_HEADER, this.pod).body("read " + length));
			}

			@GetMapping("/events")
			Flux<ServerSentEvent<String>> events() {
				return Flux.interval(Duration.ZERO, TICK).map((tick) -> ServerSentEvent.builder("tick").build());
			}

		}

	}

}

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

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.OpenConnections;
import io.github.gracefulshutdown.QueuedRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-level shutdown tests on Jetty.
 */
class JettyGracefulShutdownServerTests extends AbstractGracefulShutdownServerTests {

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ServletTestApplication.class, ServerFactory.class).web(WebApplicationType.SERVLET)
			// Every server is on the test classpath: a management port of its own must get
			// this server too.
			.properties("spring.autoconfigure.exclude="
					+ TomcatServletManagementContextAutoConfiguration.class.getName());
	}

	@Override
	protected String managementContextAutoConfiguration() {
		return "org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration";
	}

	/**
	 * Jakarta WebSocket endpoints, and Spring MVC told to upgrade through Jakarta
	 * WebSocket, keep their sessions in Jetty's Jakarta container, not in its native one.
	 * @throws Exception if the test fails
	 */
	@Test
	void whenTheDrainStartsThenOpenJakartaWebSocketsAreClosedAsGoingAway() throws Exception {
		assertWebSocketsAreClosedAsGoingAwayWhenTheDrainStarts("test.websocket.jakarta=true");
	}

	@Test
	void requestThreadsLeftAfterTheDrainAreInterruptedAtOnceWhenJettyStops() {
		start();
		JettyWebServer webServer = (JettyWebServer) ((WebServerApplicationContext) context()).getWebServer();
		assertThat(webServer.getServer().getThreadPool()).isInstanceOfSatisfying(QueuedThreadPool.class,
				(threadPool) -> assertThat(threadPool.getStopTimeout()).isEqualTo(200));
	}

	/**
	 * Jetty's connectors, as Spring Boot shuts them down, give every connection a 1 s idle
	 * timeout and close those whose request has not been read yet: a request waiting in
	 * the thread pool's queue has not. The drain must wait for it to reach a thread first.
	 * @throws Exception if the test fails
	 */
	@Test
	void aRequestQueuedForAThreadWhenTheDrainStartsIsServed() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "server.jetty.threads.max=6", "server.jetty.threads.min=6",
				"server.jetty.threads.acceptors=1", "server.jetty.threads.selectors=1");
		QueuedRequests queue = context().getBean("jettyQueuedRequests", QueuedRequests.class);
		InFlightRequests inFlight = context().getBean(InFlightRequests.class);
		OpenConnections open = context().getBean("jettyOpenConnections", OpenConnections.class);
		try (RawHttpConnections connections = new RawHttpConnections()) {
			// Connected while threads are free: Jetty sets a connection up on one of them.
			int opened = 20;
			for (int i = 0; i < opened; i++) {
				connections.open(port());
			}
			await().atMost(Duration.ofSeconds(30)).until(open::count, (count) -> count == opened);
			// Block every worker thread, however many the pool leaves for requests, until
			// one more request waits in the queue.
			RawHttpConnection queued = null;
			int sent = 0;
			for (RawHttpConnection connection : connections) {
				connection.send("GET", "/block");
				int expected = ++sent;
				// Either a worker took it, or none was left: the pool queues more than the
				// request's own job then, so the count is not compared with one.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> inFlight.count() == expected || queue.count() > 0);
				if (inFlight.count() < expected) {
					queued = connection;
					break;
				}
			}
			assertThat(queued).as("a request queued for a thread").isNotNull();
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			propagationEnd().end();
			awaitPhase(ShutdownPhase.DRAINING);
			// Twice Jetty's shutdown idle timeout: had the connectors shut down, it would be
			// closed by now.
			assertThat(queued.awaitEndOfStream(Duration.ofSeconds(2))).as("closed unanswered").isFalse();
			gate().open();
			int answered = 0;
			for (RawHttpConnection connection : connections) {
				if (answered == sent) {
					break;
				}
				Response response = connection.readResponse();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).isEqualTo("released");
				answered++;
			}
			closing.get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Only virtual threads with a limit hide requests waiting for a thread; on a
	 * {@link QueuedThreadPool} Jetty keeps closing idle connections a second into the
	 * drain. (The virtual-thread case needs Java 21: the end-to-end tests run it.)
	 */
	@Test
	void onAQueuedThreadPoolTheConnectorsKeepTheirShutdownIdleTimeout() {
		start();
		JettyWebServer webServer = (JettyWebServer) ((WebServerApplicationContext) context()).getWebServer();
		context().getBean("jettyVirtualThreadsBacklog", DrainStartListener.class).onDrainStart();
		assertThat(webServer.getServer().getConnectors()).allSatisfy((connector) -> assertThat(connector)
			.isInstanceOfSatisfying(AbstractConnector.class,
					(abstractConnector) -> assertThat(abstractConnector.getShutdownIdleTimeout()).isEqualTo(1000)));
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerFactory {

		@Bean
		JettyServletWebServerFactory webServerFactory() {
			return new JettyServletWebServerFactory();
		}

	}

}

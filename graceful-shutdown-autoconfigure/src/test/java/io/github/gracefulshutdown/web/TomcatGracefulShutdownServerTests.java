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

import io.github.gracefulshutdown.QueuedRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-level shutdown tests on Tomcat.
 */
class TomcatGracefulShutdownServerTests extends AbstractGracefulShutdownServerTests {

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ServletTestApplication.class, ServerFactory.class).web(WebApplicationType.SERVLET)
			.properties("test.websocket.jakarta=true")
			// Every server is on the test classpath: a management port of its own must get
			// this server too.
			.properties("spring.autoconfigure.exclude="
					+ JettyServletManagementContextAutoConfiguration.class.getName());
	}

	@Override
	protected String managementContextAutoConfiguration() {
		return "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration";
	}

	/**
	 * A connection accepted before the drain starts and still waiting for a worker
	 * thread is not idle: the starter must leave it to Tomcat. (Tomcat itself then closes
	 * it unanswered, because Spring Boot pauses the connector and a paused Tomcat serves
	 * no new request; with a long enough propagation delay the queue is empty by then.)
	 */
	@Test
	void aConnectionWithoutARequestServedYetIsNotClosedAsIdle() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		try (RawHttpConnection fresh = RawHttpConnection.open(port());
				RawHttpConnection idle = RawHttpConnection.open(port())) {
			assertThat(idle.exchange("GET", "/hello").status()).isEqualTo(200);
			// Tomcat's one acceptor takes connections in order: the fresh one, opened
			// first, was accepted before the other one was answered.
			ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			propagationEnd().end();
			awaitPhase(ShutdownPhase.DRAINING);
			assertThat(idle.awaitEndOfStream(Duration.ofSeconds(30))).isTrue();
			assertThat(statistics.idleConnectionsClosed()).isEqualTo(1);
			closing.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void aRequestQueuedForAWorkerThreadWhenTheDrainStartsIsServed() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "server.tomcat.threads.max=1");
		try (RawHttpConnection busy = RawHttpConnection.open(port());
				RawHttpConnection queued = RawHttpConnection.open(port())) {
			busy.send("GET", "/block");
			awaitInFlight(1);
			// Accepted, its request read by the poller, waiting for the only worker.
			queued.send("GET", "/hello");
			QueuedRequests queue = context().getBean("tomcatQueuedRequests", QueuedRequests.class);
			await().atMost(Duration.ofSeconds(30)).until(queue::count, (count) -> count == 1);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			propagationEnd().end();
			awaitPhase(ShutdownPhase.DRAINING);
			// Were the connector paused now, Tomcat would close the queued request.
			gate().open();
			assertThat(busy.readResponse().status()).isEqualTo(200);
			Response response = queued.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello");
			assertThat(response.closesConnection()).isTrue();
			closing.get(30, TimeUnit.SECONDS);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerFactory {

		@Bean
		TomcatServletWebServerFactory webServerFactory() {
			return new TomcatServletWebServerFactory();
		}

	}

}

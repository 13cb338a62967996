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

	@Configuration(proxyBeanMethods = false)
	static class ServerFactory {

		@Bean
		JettyServletWebServerFactory webServerFactory() {
			return new JettyServletWebServerFactory();
		}

	}

}

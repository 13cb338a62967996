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

package io.github.gracefulshutdown.jetty;

import java.time.Duration;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jetty: once the drain is over, stop the request threads at once. Jetty's thread pool
 * otherwise waits half of its 5 s stop timeout for them before interrupting them, after
 * the server has stopped: 2.5 s more before the JVM can exit, enough to overrun the
 * grace period's safety margin when a request outlived the drain timeout. Such requests
 * have had the whole drain timeout and are already reported as aborted. Also, when the
 * drain starts, send GOAWAY on HTTP/2 connections and close Jetty's native WebSocket
 * sessions. And keep Jetty from closing, as Spring Boot shuts its connectors down, the
 * connections whose requests have been accepted but not read yet because every thread is
 * busy: on a {@code QueuedThreadPool} the drain waits for them to reach a thread first; on
 * virtual threads, where they cannot be seen, the connectors keep their idle timeouts.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnClass(name = { "org.eclipse.jetty.util.thread.QueuedThreadPool",
		"org.springframework.boot.jetty.ConfigurableJettyWebServerFactory" })
public final class JettyGracefulShutdownAutoConfiguration {

	/**
	 * How long Jetty's thread pool waits for request threads when it stops, half of it
	 * before interrupting them.
	 */
	static final Duration THREAD_POOL_STOP_TIMEOUT = Duration.ofMillis(200);

	@Bean
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> gracefulShutdownJettyThreadPoolStop() {
		return (factory) -> factory.addServerCustomizers((server) -> {
			if (server.getThreadPool() instanceof QueuedThreadPool threadPool) {
				threadPool.setStopTimeout(THREAD_POOL_STOP_TIMEOUT.toMillis());
			}
		});
	}

	@Bean
	JettyQueuedRequests jettyQueuedRequests(ApplicationContext context) {
		return new JettyQueuedRequests(context);
	}

	@Bean
	JettyVirtualThreadsBacklog jettyVirtualThreadsBacklog(ApplicationContext context) {
		return new JettyVirtualThreadsBacklog(context);
	}

	@Bean
	JettyOpenConnections jettyOpenConnections(ApplicationContext context) {
		return new JettyOpenConnections(context);
	}

	/**
	 * Jetty, unlike Tomcat and Reactor Netty, does not send GOAWAY when Spring Boot's
	 * graceful shutdown begins.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.eclipse.jetty.http2.HTTP2Connection")
	static class Http2Configuration {

		@Bean
		JettyHttp2GoAway jettyHttp2GoAway(ApplicationContext context, ShutdownStatistics statistics) {
			return new JettyHttp2GoAway(context, statistics);
		}

	}

	/**
	 * Spring MVC upgrades through Jetty's native WebSocket API whenever it is on the
	 * classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer")
	static class WebSocketConfiguration {

		@Bean
		JettyGoingAwayWebSocketSessions jettyGoingAwayWebSocketSessions(ApplicationContext context,
				ShutdownStatistics statistics) {
			return new JettyGoingAwayWebSocketSessions(context, statistics);
		}

	}

}

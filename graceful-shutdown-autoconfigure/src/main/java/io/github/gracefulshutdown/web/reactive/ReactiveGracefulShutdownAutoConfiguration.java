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

import java.util.function.UnaryOperator;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * Reactive stack: the web filter that tracks requests and asks clients to close
 * connections, the {@link ManagementRequests} it leaves out of the application's
 * traffic, and WebSocket sessions ended as the drain starts.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
public final class ReactiveGracefulShutdownAutoConfiguration {

	@Bean
	GracefulShutdownWebFilter gracefulShutdownWebFilter(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, ObjectProvider<ManagementRequests> managementRequests,
			OpenStreams openStreams) {
		// Asked for at the first request, once the actuator's endpoints exist.
		return new GracefulShutdownWebFilter(timeline, inFlightRequests, statistics,
				SingletonSupplier.of(managementRequests::getObject), openStreams);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints")
	static class NoActuatorConfiguration {

		@Bean
		ManagementRequests gracefulShutdownManagementRequests() {
			return ManagementRequests.none();
		}

	}

	/**
	 * Management requests as Spring Boot maps them: the actuator's endpoints, on this port
	 * only when the management server has none of its own, and the health groups'
	 * additional paths on the {@code server} namespace.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType" })
	static class ActuatorConfiguration {

		@Bean
		ManagementRequests gracefulShutdownManagementRequests(Environment environment,
				ObjectProvider<PathMappedEndpoints> endpoints) {
			PathMappedEndpoints pathMappedEndpoints = endpoints.getIfAvailable();
			if (pathMappedEndpoints == null) {
				return ManagementRequests.none();
			}
			return ManagementRequests.onApplicationPort(environment, pathMappedEndpoints, UnaryOperator.identity());
		}

	}

	/**
	 * Route WebSocket handshakes through a service that ends each session with 1001
	 * "going away" as the drain starts.
	 * @param openStreams where sessions are registered
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor gracefulShutdownWebSocketSessions(ObjectProvider<OpenStreams> openStreams) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof WebSocketHandlerAdapter adapter
						&& !(adapter.getWebSocketService() instanceof GoingAwayWebSocketService)) {
					WebSocketHandlerAdapter goingAway = new WebSocketHandlerAdapter(
							new GoingAwayWebSocketService(adapter.getWebSocketService(), openStreams.getObject()));
					goingAway.setOrder(adapter.getOrder());
					return goingAway;
				}
				return bean;
			}

		};
	}

}

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

package io.github.gracefulshutdown.grpc;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;

import io.grpc.ServerBuilder;
import io.grpc.ServerTransportFilter;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * gRPC servers in the shutdown sequence: serving through the propagation phase, GOAWAY
 * at drain start, their calls drained with the web server's requests within the drain
 * timeout, streams ended, calls counted as requests.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class,
		afterName = { "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthSchedulerAutoConfiguration" })
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnClass(name = { "io.grpc.Server", "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle",
		"org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties" })
public final class GrpcGracefulShutdownAutoConfiguration {

	/**
	 * Outermost, so that a call counts from its arrival, whatever the interceptors
	 * inside it do.
	 */
	@Bean
	@GlobalServerInterceptor
	@Order(Ordered.HIGHEST_PRECEDENCE)
	GrpcCalls gracefulShutdownGrpcCalls(InFlightRequests inFlightRequests, ShutdownStatistics statistics,
			OpenStreams openStreams) {
		return new GrpcCalls(inFlightRequests, statistics, openStreams);
	}

	@Bean
	GrpcServerDrain gracefulShutdownGrpcServerDrain(GrpcCalls calls, ShutdownStatistics statistics,
			ObjectProvider<GracefulShutdownLifecycle> sequence) {
		return new GrpcServerDrain(calls, statistics, sequence);
	}

	@Bean
	ServerBuilderCustomizer<?> gracefulShutdownGrpcConnectionArrivals(ShutdownStatistics statistics) {
		return addTransportFilter(new GrpcConnectionArrivals(statistics));
	}

	private static <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> addTransportFilter(
			ServerTransportFilter filter) {
		return (builder) -> builder.addTransportFilter(filter);
	}

	@Bean
	static GrpcServerLifecycleTakeover gracefulShutdownGrpcServerLifecycleTakeover(Environment environment,
			ApplicationContext context, ObjectProvider<GrpcServerDrain> drain) {
		return new GrpcServerLifecycleTakeover(environment, context, drain);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.grpc.protobuf.services.HealthStatusManager")
	@ConditionalOnBean(type = "io.grpc.protobuf.services.HealthStatusManager")
	static class HealthConfiguration {

		@Bean
		GrpcHealthReadiness gracefulShutdownGrpcHealthReadiness(HealthStatusManager manager) {
			return new GrpcHealthReadiness(manager);
		}

		/**
		 * Spring Boot's periodic copy of its health, when there is one: held back while
		 * readiness is down.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "org.springframework.boot.grpc.server.health.GrpcServerHealth",
				"org.springframework.boot.health.registry.HealthContributorRegistry" })
		static class HealthCopyConfiguration {

			@Bean
			static BeanPostProcessor gracefulShutdownReadinessGatedGrpcServerHealth(
					ObjectProvider<GrpcHealthReadiness> readiness, ObjectProvider<HealthContributorRegistry> registry,
					ObjectProvider<ReactiveHealthContributorRegistry> fallbackRegistry,
					ObjectProvider<HealthCheckedGrpcComponents> components) {
				return new BeanPostProcessor() {

					@Override
					public Object postProcessBeforeInitialization(Object bean, String beanName) {
						if (bean.getClass() == GrpcServerHealth.class) {
							return new ReadinessGatedGrpcServerHealth((GrpcServerHealth) bean, readiness.getObject(),
									registry.getObject(), fallbackRegistry.getIfAvailable(), components.getObject());
						}
						return bean;
					}

				};
			}

		}

	}

}

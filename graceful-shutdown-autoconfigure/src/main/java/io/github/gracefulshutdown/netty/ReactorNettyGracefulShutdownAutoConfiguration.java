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

package io.github.gracefulshutdown.netty;

import java.time.Duration;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.GracefulShutdownProperties;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Reactor Netty: once the drain is over no request is left, so the event loops need not
 * wait Reactor Netty's default 2s quiet period for new tasks before the JVM can exit.
 * A {@code spring.reactor.netty.shutdown-quiet-period} set by the user is left alone.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnClass(name = { "reactor.netty.http.server.HttpServer",
		"org.springframework.http.client.ReactorResourceFactory" })
public final class ReactorNettyGracefulShutdownAutoConfiguration {

	static final String QUIET_PERIOD_PROPERTY = "spring.reactor.netty.shutdown-quiet-period";

	@Bean
	static BeanPostProcessor gracefulShutdownReactorQuietPeriod(Environment environment) {
		boolean userDefined = environment.containsProperty(QUIET_PERIOD_PROPERTY);
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (!userDefined && bean instanceof ReactorResourceFactory resourceFactory) {
					resourceFactory.setShutdownQuietPeriod(Duration.ZERO);
				}
				return bean;
			}

		};
	}

	@Bean
	ReactorNettyOpenConnections reactorNettyOpenConnections() {
		return new ReactorNettyOpenConnections();
	}

	/**
	 * Counting costs a callback on every connection, so only with a quiet period, the
	 * one user of the count; decided at run time, so that an AOT-processed application
	 * given a quiet period at deploy time counts too. A factory customizer rather than a
	 * {@code NettyServerCustomizer} bean: it reaches a factory the application defines
	 * itself, and only the application's own server, not the management server.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> gracefulShutdownReactorNettyConnectionCount(
			ReactorNettyOpenConnections openConnections, GracefulShutdownProperties properties) {
		return (factory) -> {
			if (properties.getQuietPeriod() != null) {
				factory.addServerCustomizers(openConnections::countConnections);
			}
		};
	}

}

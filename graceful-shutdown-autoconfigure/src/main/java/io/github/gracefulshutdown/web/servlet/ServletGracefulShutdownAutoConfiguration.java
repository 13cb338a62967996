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

package io.github.gracefulshutdown.web.servlet;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Servlet stack: the filter that tracks requests and asks clients to close connections,
 * and the closing of WebSocket sessions when the drain starts.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Filter")
public final class ServletGracefulShutdownAutoConfiguration {

	@Bean
	ManagementRequests gracefulShutdownManagementRequests(Environment environment) {
		return new ManagementRequests(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
	}

	@Bean
	FilterRegistrationBean<GracefulShutdownFilter> gracefulShutdownFilter(ShutdownTimeline timeline,
			InFlightRequests inFlightRequests, ShutdownStatistics statistics, ManagementRequests managementRequests,
			OpenStreams openStreams) {
		FilterRegistrationBean<GracefulShutdownFilter> registration = new FilterRegistrationBean<>(
				new GracefulShutdownFilter(timeline, inFlightRequests, statistics, managementRequests, openStreams));
		// First in the chain, so the header is set before anything can commit.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.websocket.server.ServerContainer")
	static class WebSocketConfiguration {

		@Bean
		GoingAwayWebSocketSessions goingAwayWebSocketSessions(ApplicationContext context,
				ShutdownStatistics statistics) {
			return new GoingAwayWebSocketSessions(context, statistics);
		}

	}

}

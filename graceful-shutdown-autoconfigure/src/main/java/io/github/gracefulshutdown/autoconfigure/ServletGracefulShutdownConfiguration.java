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

package io.github.gracefulshutdown.autoconfigure;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.web.servlet.GoingAwayWebSocketSessions;
import io.github.gracefulshutdown.web.servlet.GracefulShutdownFilter;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet stack: the filter that tracks requests and asks clients to close connections,
 * and the closing of WebSocket sessions when the drain starts.
 *
 * @author Graceful Shutdown contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Filter")
class ServletGracefulShutdownConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "gracefulShutdownFilter")
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
		@ConditionalOnMissingBean
		GoingAwayWebSocketSessions goingAwayWebSocketSessions(ApplicationContext context,
				ShutdownStatistics statistics) {
			return new GoingAwayWebSocketSessions(context, statistics);
		}

	}

}

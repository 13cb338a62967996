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

import java.util.function.UnaryOperator;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Servlet stack: the filter that tracks requests and asks clients to close connections,
 * the {@link ManagementRequests} it leaves out of the application's traffic, and the
 * closing of WebSocket sessions when the drain starts.
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
	FilterRegistrationBean<GracefulShutdownFilter> gracefulShutdownFilter(ShutdownTimeline timeline,
			InFlightRequests inFlightRequests, ShutdownStatistics statistics,
			ObjectProvider<ManagementRequests> managementRequests, OpenStreams openStreams) {
		// The filter is created with the web server, before the actuator's endpoints are;
		// it asks for the management paths at its first request.
		FilterRegistrationBean<GracefulShutdownFilter> registration = new FilterRegistrationBean<>(
				new GracefulShutdownFilter(timeline, inFlightRequests, statistics,
						SingletonSupplier.of(managementRequests::getObject), openStreams));
		// First in the chain, so the header is set before anything can commit.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
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
	 * additional paths on the {@code server} namespace, all served by the dispatcher
	 * servlet and so under its path. (An actuator served by Jersey alone is not
	 * recognised.)
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType" })
	static class ActuatorConfiguration {

		private static final boolean dispatcherServletPathPresent = ClassUtils.isPresent(
				"org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath",
				ActuatorConfiguration.class.getClassLoader());

		@Bean
		ManagementRequests gracefulShutdownManagementRequests(Environment environment,
				ObjectProvider<PathMappedEndpoints> endpoints, ApplicationContext context) {
			PathMappedEndpoints pathMappedEndpoints = endpoints.getIfAvailable();
			if (pathMappedEndpoints == null) {
				return ManagementRequests.none();
			}
			UnaryOperator<String> servletPath = dispatcherServletPathPresent ? DispatcherServletPaths.of(context)
					: UnaryOperator.identity();
			return ManagementRequests.onApplicationPort(environment, pathMappedEndpoints, servletPath);
		}

	}

	/**
	 * Spring MVC's dispatcher servlet path, in a class of its own so that the
	 * configuration loads without Spring MVC.
	 */
	private static final class DispatcherServletPaths {

		static UnaryOperator<String> of(ApplicationContext context) {
			DispatcherServletPath servletPath = context.getBeanProvider(DispatcherServletPath.class).getIfAvailable();
			return (servletPath != null) ? servletPath::getRelativePath : UnaryOperator.identity();
		}

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

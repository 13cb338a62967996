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

package io.github.gracefulshutdown.actuate;

import io.github.gracefulshutdown.GracefulShutdownProperties;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Configuration of the management server's own context, the child context the actuator
 * runs in on a port of its own, which is the only place the preStop endpoint exists:
 * the {@link PreStopGuard} in front of it, as a servlet filter or a {@code WebFilter}.
 * Nothing here touches the application's own port.
 *
 * @author Graceful Shutdown contributors
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(PreStopEndpoint.class)
final class PreStopGuardManagementContextConfiguration {

	@Bean
	PreStopGuard preStopGuard(Environment environment, GracefulShutdownProperties properties,
			PreStopCallers callers) {
		String path = Binder.get(environment)
			.bind("management.endpoints.web.path-mapping.prestop", String.class)
			.orElse("prestop");
		return new PreStopGuard(path, properties.getPrestop().getToken(), callers);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class ServletGuardConfiguration {

		@Bean
		FilterRegistrationBean<PreStopGuardFilter> preStopGuardFilter(PreStopGuard guard) {
			FilterRegistrationBean<PreStopGuardFilter> registration = new FilterRegistrationBean<>(
					new PreStopGuardFilter(guard));
			// Before any other filter, a security chain included: a refused call must
			// leave no trace but the warning.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ReactiveGuardConfiguration {

		@Bean
		PreStopGuardWebFilter preStopGuardWebFilter(PreStopGuard guard) {
			return new PreStopGuardWebFilter(guard);
		}

	}

}

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

import java.util.function.Consumer;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.server.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PreStopGuardManagementContextConfiguration}: the guard goes into the
 * management server's own context, as a child of an application context that has the
 * preStop endpoint, and only there.
 */
class PreStopGuardManagementContextConfigurationTests {

	private final WebApplicationContextRunner application = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, GracefulShutdownEndpointAutoConfiguration.class))
		.withPropertyValues("management.server.port=8081", "management.endpoints.web.exposure.include=prestop");

	@Test
	void isAManagementContextConfigurationOfTheChildContext() {
		assertThat(ImportCandidates.load(ManagementContextConfiguration.class, getClass().getClassLoader()))
			.contains(PreStopGuardManagementContextConfiguration.class.getName());
		assertThat(PreStopGuardManagementContextConfiguration.class.getAnnotation(ManagementContextConfiguration.class)
			.value()).hasToString("CHILD");
	}

	@Test
	void aServletManagementContextGetsTheGuardAsItsFirstFilter() {
		withEnabledPreStopEndpoint((parent) -> new WebApplicationContextRunner().withParent(parent)
			.withUserConfiguration(PreStopGuardManagementContextConfiguration.class)
			.run((child) -> {
				assertThat(child).hasSingleBean(PreStopGuard.class).hasSingleBean(FilterRegistrationBean.class);
				FilterRegistrationBean<?> registration = child.getBean(FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(PreStopGuardFilter.class);
				assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE);
				assertThat(child).doesNotHaveBean(PreStopGuardWebFilter.class);
			}));
	}

	@Test
	void aReactiveManagementContextGetsTheGuardAsAWebFilter() {
		withEnabledPreStopEndpoint((parent) -> new ReactiveWebApplicationContextRunner().withParent(parent)
			.withUserConfiguration(PreStopGuardManagementContextConfiguration.class)
			.run((child) -> assertThat(child).hasSingleBean(PreStopGuardWebFilter.class)
				.doesNotHaveBean(FilterRegistrationBean.class)));
	}

	@Test
	void theGuardReadsTheTokenAndTheEndpointsPathMapping() {
		this.application
			.withPropertyValues("management.endpoint.prestop.access=READ_ONLY", "graceful-shutdown.prestop.token=t0k",
					"management.endpoints.web.path-mapping.prestop=hooks/stop")
			.run((parent) -> new WebApplicationContextRunner().withParent(parent)
				.withUserConfiguration(PreStopGuardManagementContextConfiguration.class)
				.run((child) -> {
					PreStopGuard guard = child.getBean(PreStopGuard.class);
					assertThat(guard.admits("t0k", "10.0.0.1")).isTrue();
					assertThat(guard.admits("other", "10.0.0.1")).isFalse();
					assertThat(guard.guards(RequestPath.parse("/actuator/hooks/stop", null).pathWithinApplication()))
						.isTrue();
				}));
	}

	@Test
	void withoutThePreStopEndpointThereIsNothingToGuard() {
		this.application.run((parent) -> new WebApplicationContextRunner().withParent(parent)
			.withUserConfiguration(PreStopGuardManagementContextConfiguration.class)
			.run((child) -> assertThat(child).doesNotHaveBean(PreStopGuard.class)
				.doesNotHaveBean(FilterRegistrationBean.class)));
	}

	private void withEnabledPreStopEndpoint(Consumer<ConfigurableApplicationContext> child) {
		this.application.withPropertyValues("management.endpoint.prestop.access=READ_ONLY").run((parent) -> {
			assertThat(parent).hasSingleBean(PreStopEndpoint.class);
			child.accept(parent);
		});
	}

}

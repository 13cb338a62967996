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

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.web.reactive.ReactiveGracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.web.servlet.ServletGracefulShutdownAutoConfiguration;
import org.assertj.core.api.AbstractBooleanAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link ManagementRequests} that
 * {@link ServletGracefulShutdownAutoConfiguration} and
 * {@link ReactiveGracefulShutdownAutoConfiguration} build from Spring Boot's own view of
 * the management paths.
 */
class ManagementRequestsAutoConfigurationTests {

	private static final AutoConfigurations GRACEFUL_SHUTDOWN = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, GracefulShutdownAutoConfiguration.class,
			ServletGracefulShutdownAutoConfiguration.class, ReactiveGracefulShutdownAutoConfiguration.class);

	private static final AutoConfigurations ACTUATOR = AutoConfigurations.of(EndpointAutoConfiguration.class,
			WebEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			AvailabilityProbesAutoConfiguration.class, InfoEndpointAutoConfiguration.class);

	private final WebApplicationContextRunner servletContextRunner = new WebApplicationContextRunner()
		.withConfiguration(GRACEFUL_SHUTDOWN)
		.withConfiguration(ACTUATOR)
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(GRACEFUL_SHUTDOWN)
		.withConfiguration(ACTUATOR);

	@Test
	void servletEndpointsUnderTheBasePathAreManagementRequestsAndProbePathsAreNotAssumed() {
		this.servletContextRunner.run((context) -> {
			assertManagement(context, "/actuator").isTrue();
			assertManagement(context, "/actuator/health/liveness").isTrue();
			assertManagement(context, "/livez").isFalse();
			assertManagement(context, "/readyz").isFalse();
			assertManagement(context, "/hello").isFalse();
		});
	}

	@Test
	void servletEndpointsFollowACustomBasePath() {
		this.servletContextRunner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			assertManagement(context, "/manage/health").isTrue();
			assertManagement(context, "/actuator/health").isFalse();
		});
	}

	@Test
	void servletEndpointsWithTheRootAsBasePathAreTheExposedEndpointsAtTheTop() {
		this.servletContextRunner
			.withPropertyValues("management.endpoints.web.base-path=/",
					"management.endpoints.web.exposure.include=health")
			.run((context) -> {
				assertManagement(context, "/health").isTrue();
				assertManagement(context, "/health/liveness").isTrue();
				// Not exposed: a route of the application's own, if any.
				assertManagement(context, "/info").isFalse();
				assertManagement(context, "/hello").isFalse();
				assertManagement(context, "/").isFalse();
			});
	}

	@Test
	void servletEndpointsAreUnderTheDispatcherServletPath() {
		this.servletContextRunner.withPropertyValues("spring.mvc.servlet.path=/spring").run((context) -> {
			assertManagement(context, "/spring/actuator/health").isTrue();
			assertManagement(context, "/actuator/health").isFalse();
		});
	}

	@Test
	void servletEndpointsAtTheRootAreUnderTheDispatcherServletPath() {
		this.servletContextRunner
			.withPropertyValues("spring.mvc.servlet.path=/spring", "management.endpoints.web.base-path=/")
			.run((context) -> {
				assertManagement(context, "/spring/health").isTrue();
				assertManagement(context, "/spring/hello").isFalse();
			});
	}

	@Test
	void healthGroupsAdditionalPathsOnTheServerAreManagementRequests() {
		this.servletContextRunner
			.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true",
					"management.endpoint.health.group.custom.include=ping",
					"management.endpoint.health.group.custom.additional-path=server:/custom",
					"management.endpoint.health.group.other.include=ping",
					"management.endpoint.health.group.other.additional-path=management:/other")
			.run((context) -> {
				assertManagement(context, "/livez").isTrue();
				assertManagement(context, "/readyz").isTrue();
				assertManagement(context, "/custom").isTrue();
				assertManagement(context, "/other").isFalse();
			});
	}

	@Test
	void healthGroupsAdditionalPathsAreUnderTheDispatcherServletPath() {
		this.servletContextRunner
			.withPropertyValues("spring.mvc.servlet.path=/spring",
					"management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> {
				assertManagement(context, "/spring/livez").isTrue();
				assertManagement(context, "/livez").isFalse();
			});
	}

	@Test
	void withAManagementPortOfItsOwnOnlyTheAdditionalPathsOnTheServerAreManagementRequests() {
		this.servletContextRunner
			.withPropertyValues("management.server.port=8081",
					"management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> {
				assertManagement(context, "/actuator/health").isFalse();
				assertManagement(context, "/actuator").isFalse();
				assertManagement(context, "/livez").isTrue();
			});
	}

	@Test
	void withoutTheActuatorEveryRequestIsApplicationTraffic() {
		this.servletContextRunner.withClassLoader(new FilteredClassLoader(PathMappedEndpoints.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertManagement(context, "/actuator/health").isFalse();
			});
	}

	@Test
	void withoutWebEndpointsEveryRequestIsApplicationTraffic() {
		new WebApplicationContextRunner().withConfiguration(GRACEFUL_SHUTDOWN).run((context) -> {
			assertThat(context).hasNotFailed();
			assertManagement(context, "/actuator/health").isFalse();
		});
	}

	@Test
	void reactiveEndpointsUnderTheBasePathAreManagementRequestsAndProbePathsAreNotAssumed() {
		this.reactiveContextRunner.run((context) -> {
			assertManagement(context, "/actuator/health").isTrue();
			assertManagement(context, "/livez").isFalse();
		});
	}

	@Test
	void reactiveEndpointsWithTheRootAsBasePathAreTheExposedEndpointsAtTheTop() {
		this.reactiveContextRunner.withPropertyValues("management.endpoints.web.base-path=/").run((context) -> {
			assertManagement(context, "/health").isTrue();
			assertManagement(context, "/info").isFalse();
			assertManagement(context, "/hello").isFalse();
		});
	}

	@Test
	void reactiveHealthGroupsAdditionalPathsOnTheServerAreManagementRequests() {
		this.reactiveContextRunner.withPropertyValues("management.server.port=8081",
				"management.endpoint.health.probes.add-additional-paths=true").run((context) -> {
					assertManagement(context, "/actuator/health").isFalse();
					assertManagement(context, "/livez").isTrue();
					assertManagement(context, "/readyz").isTrue();
				});
	}

	@Test
	void reactiveWithoutTheActuatorEveryRequestIsApplicationTraffic() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(PathMappedEndpoints.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertManagement(context, "/actuator/health").isFalse();
			});
	}

	private static AbstractBooleanAssert<?> assertManagement(ApplicationContext context, String path) {
		return assertThat(context.getBean(ManagementRequests.class).matches(path)).as(path);
	}

}

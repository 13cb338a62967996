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

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.metrics.GracefulShutdownMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownEndpointAutoConfiguration} and
 * {@link GracefulShutdownMetricsAutoConfiguration}.
 */
class GracefulShutdownEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, GracefulShutdownEndpointAutoConfiguration.class,
				GracefulShutdownMetricsAutoConfiguration.class));

	@Test
	void drainStatusEndpointIsAvailableWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=gracefulshutdown")
			.run((context) -> assertThat(context).hasSingleBean(GracefulShutdownEndpoint.class));
	}

	@Test
	void drainStatusEndpointIsNotCreatedWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(GracefulShutdownEndpoint.class));
	}

	@Test
	void preStopEndpointIsOffByDefaultEvenWhenExposedOnAManagementPort() {
		this.contextRunner
			.withPropertyValues("management.server.port=8081", "management.endpoints.web.exposure.include=prestop")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
	}

	@Test
	void preStopEndpointExistsWhenEnabledExposedAndOnAManagementPort() {
		this.contextRunner
			.withPropertyValues("management.server.port=8081", "management.endpoint.prestop.access=READ_ONLY",
					"management.endpoints.web.exposure.include=prestop")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
	}

	@Test
	void preStopEndpointIsNotSwitchedOnByTheDefaultAccessOfEveryEndpoint() {
		// The kubelet can only GET, so the hook is a read operation that changes state: a
		// default meant for read-only endpoints must not grant it.
		for (String access : new String[] { "READ_ONLY", "UNRESTRICTED" }) {
			this.contextRunner
				.withPropertyValues("management.server.port=8081", "management.endpoints.access.default=" + access,
						"management.endpoints.web.exposure.include=*")
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PreStopEndpoint.class));
		}
	}

	@Test
	void preStopEndpointIsSwitchedOnByItsOwnAccessEvenWhenTheDefaultDeniesEveryEndpoint() {
		this.contextRunner
			.withPropertyValues("management.server.port=8081", "management.endpoints.access.default=NONE",
					"management.endpoint.prestop.access=READ_ONLY", "management.endpoints.web.exposure.include=prestop")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
	}

	@Test
	void preStopEndpointAskedForOnTheApplicationPortFailsStartupRatherThanBeMissing() {
		this.contextRunner
			.withPropertyValues("management.endpoint.prestop.access=READ_ONLY",
					"management.endpoints.web.exposure.include=prestop")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.endpoint.prestop.access"));
	}

	@Test
	void preStopEndpointDeniedOnTheApplicationPortIsFine() {
		this.contextRunner.withPropertyValues("management.endpoint.prestop.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PreStopEndpoint.class));
	}

	@Test
	void endpointsBackOffWhenTheSequenceIsDisabled() {
		this.contextRunner
			.withPropertyValues("graceful-shutdown.enabled=false", "management.server.port=8081",
					"management.endpoint.prestop.access=READ_ONLY",
					"management.endpoints.web.exposure.include=prestop,gracefulshutdown")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class)
				.doesNotHaveBean(GracefulShutdownEndpoint.class));
	}

	@Test
	void metersAreRegisteredWithAMeterRegistry() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasBean("gracefulShutdownMetrics");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("gracefulShutdownMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("graceful.shutdown.phase")
				.tags("phase", "running", "server", "other")
				.gauge()
				.value()).isEqualTo(1);
		});
	}

	@Test
	void withoutAMeterRegistryThereAreNoMeters() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean("gracefulShutdownMetrics"));
	}

	@Test
	void withoutMicrometerTheSequenceStillRuns() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("gracefulShutdownLifecycle")
				.doesNotHaveBean("gracefulShutdownMetrics"));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

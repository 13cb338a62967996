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

package io.github.gracefulshutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FinalScrapeSettings}: what the wait for the final scrape needs fails
 * startup, naming the key, when it is missing.
 */
class FinalScrapeSettingsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class));

	@Test
	void withoutAManagementPortOfItsOwnStartupFailsNamingTheKey() {
		Throwable failure = StartupFailure.of(this.contextRunner, "graceful-shutdown.metrics.await-final-scrape=17s",
				"management.endpoints.web.exposure.include=prometheus");
		assertThat(rootCause(failure))
			.isInstanceOf(ConflictingSettingException.class)
			.hasMessageContaining("graceful-shutdown.metrics.await-final-scrape")
			.hasMessageContaining("17s")
			.hasMessageContaining("management.server.port");
		assertThat(((ConflictingSettingException) rootCause(failure)).getAction())
			.contains("Set 'management.server.port' to a port of its own");
	}

	@Test
	void withoutAnExposedPrometheusEndpointStartupFailsNamingTheKey() {
		Throwable failure = StartupFailure.of(this.contextRunner, "graceful-shutdown.metrics.await-final-scrape=17s",
				"management.server.port=8081", "management.endpoints.web.exposure.include=health");
		assertThat(rootCause(failure))
			.isInstanceOf(ConflictingSettingException.class)
			.hasMessageContaining("graceful-shutdown.metrics.await-final-scrape")
			.hasMessageContaining("no Prometheus scrape endpoint is exposed");
		assertThat(((ConflictingSettingException) rootCause(failure)).getAction())
			.contains("management.endpoints.web.exposure.include");
	}

	@Test
	void unsetNothingIsChecked() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ShutdownBudget.class)
				.satisfies((budget) -> assertThat(budget.finalScrapeWait()).isZero()));
	}

	@Test
	void theWaitIsPartOfTheBudget() {
		ShutdownBudget budget = new ShutdownBudget(Duration.ofSeconds(5), Duration.ofSeconds(20),
				null, Duration.ZERO, Duration.ofSeconds(17));
		assertThat(budget.required()).hasSeconds(44);
		assertThat(budget.withParticipantsTimeout(Duration.ofSeconds(3)).required()).hasSeconds(47);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}

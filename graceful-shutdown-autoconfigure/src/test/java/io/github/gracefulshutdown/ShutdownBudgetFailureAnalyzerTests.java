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

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownBudgetFailureAnalyzer}.
 */
class ShutdownBudgetFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class));

	private final ShutdownBudgetFailureAnalyzer analyzer = new ShutdownBudgetFailureAnalyzer();

	@Test
	void descriptionAddsUpTheSequenceAgainstTheGracePeriod() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=30s");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.propagation-delay (5s)")
			.contains("graceful-shutdown.drain-timeout (30s)")
			.contains("safety margin (2s)")
			.contains("= 37s")
			.contains("graceful-shutdown.termination-grace-period is 30s");
	}

	@Test
	void actionNamesTheGracePeriodToReachAndTheLargestDrainTimeoutThatFits() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=30s");
		assertThat(analysis.getAction()).isEqualTo("Raise the pod's terminationGracePeriodSeconds and "
				+ "graceful-shutdown.termination-grace-period to at least 37s, "
				+ "or lower graceful-shutdown.drain-timeout to at most 23s.");
	}

	@Test
	void theWaitForTheFinalScrapeCountsAgainstTheGracePeriod() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=20s", "graceful-shutdown.metrics.await-final-scrape=17s",
				"graceful-shutdown.termination-grace-period=30s");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.metrics.await-final-scrape (17s)")
			.contains("= 44s");
		assertThat(analysis.getAction()).isEqualTo("Raise the pod's terminationGracePeriodSeconds and "
				+ "graceful-shutdown.termination-grace-period to at least 44s, "
				+ "or lower graceful-shutdown.drain-timeout to at most 6s, "
				+ "or lower graceful-shutdown.metrics.await-final-scrape.");
	}

	@Test
	void whenNoDrainTimeoutFitsThenActionAlsoNamesThePropagationDelay() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=6s");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.termination-grace-period is 6s");
		assertThat(analysis.getAction()).contains("graceful-shutdown.termination-grace-period to at least 37s")
			.contains("graceful-shutdown.drain-timeout and graceful-shutdown.propagation-delay")
			.doesNotContain("at most");
	}

	@Test
	void whenTheGracePeriodLeavesExactlyNoTimeToDrainThenActionAlsoNamesThePropagationDelay() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=7s");
		assertThat(analysis.getAction())
			.endsWith("or lower graceful-shutdown.drain-timeout and graceful-shutdown.propagation-delay.");
	}

	@Test
	void kubernetesDefaultPropagationDelayIsShownWithItsValue() {
		FailureAnalysis analysis = analyzeStartupFailure("spring.main.cloud-platform=kubernetes",
				"graceful-shutdown.termination-grace-period=35s");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.propagation-delay (5s)")
			.contains("graceful-shutdown.drain-timeout (30s)")
			.contains("= 37s")
			.contains("graceful-shutdown.termination-grace-period is 35s");
		assertThat(analysis.getAction()).contains("at least 37s")
			.contains("graceful-shutdown.drain-timeout to at most 28s");
	}

	@Test
	void durationsWithMillisecondsAreShownToTheMillisecond() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=1500ms",
				"graceful-shutdown.drain-timeout=10s", "graceful-shutdown.termination-grace-period=10s");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.propagation-delay (1.500s)")
			.contains("= 13.500s")
			.contains("graceful-shutdown.termination-grace-period is 10s");
		assertThat(analysis.getAction()).contains("at least 13.500s")
			.contains("graceful-shutdown.drain-timeout to at most 6.500s");
	}

	@Test
	void durationsUnderASecondAreShownInMilliseconds() {
		FailureAnalysis analysis = analyzeStartupFailure("graceful-shutdown.propagation-delay=0",
				"graceful-shutdown.drain-timeout=1s", "graceful-shutdown.termination-grace-period=500ms");
		assertThat(analysis.getDescription()).contains("graceful-shutdown.propagation-delay (0ms)")
			.contains("= 3s")
			.contains("graceful-shutdown.termination-grace-period is 500ms");
	}

	@Test
	void analysisKeepsTheExceptionAsItsCause() {
		Throwable failure = StartupFailure.of(this.contextRunner, "graceful-shutdown.propagation-delay=5s",
				"graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=30s");
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(ShutdownBudgetExceededException.class);
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		Throwable failure = StartupFailure.of(this.contextRunner, "graceful-shutdown.drain-timeout=-1s");
		assertThat(this.analyzer.analyze(failure)).isNull();
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(loadFailureAnalyzers()).hasAtLeastOneElementOfType(ShutdownBudgetFailureAnalyzer.class);
	}

	static List<FailureAnalyzer> loadFailureAnalyzers() {
		// Some of Spring Boot's own analyzers take these as constructor arguments.
		ArgumentResolver argumentResolver = ArgumentResolver.of(Environment.class, new MockEnvironment())
			.and(BeanFactory.class, new DefaultListableBeanFactory());
		// Spring Boot's analyzers of libraries absent here (Bean Validation) cannot be
		// instantiated, as at runtime; ours must be.
		FailureHandler failureHandler = (factoryType, factoryImplementationName, failure) -> {
			if (factoryImplementationName.startsWith("io.github.gracefulshutdown.")) {
				throw new IllegalStateException("Unable to instantiate " + factoryImplementationName, failure);
			}
		};
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, argumentResolver, failureHandler);
	}

	private FailureAnalysis analyzeStartupFailure(String... properties) {
		FailureAnalysis analysis = this.analyzer.analyze(StartupFailure.of(this.contextRunner, properties));
		assertThat(analysis).isNotNull();
		return analysis;
	}

}

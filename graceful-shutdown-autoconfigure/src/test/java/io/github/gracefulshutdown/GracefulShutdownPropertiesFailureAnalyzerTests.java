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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link GracefulShutdownPropertiesFailureAnalyzer}.
 */
class GracefulShutdownPropertiesFailureAnalyzerTests {

	private static final String ACCEPTED_DURATION = "a duration of zero or more, such as 0, 500ms, 5s or PT30S "
			+ "(a number without a unit is read as milliseconds)";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class));

	private final GracefulShutdownPropertiesFailureAnalyzer analyzer = new GracefulShutdownPropertiesFailureAnalyzer();

	/**
	 * A bad value bound directly, as when the binder fails outside a running context, is
	 * explained with its key, its value, why it was refused and what is accepted. What
	 * users see at startup for every bad input is in {@link BadConfigurationTests}.
	 */
	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			graceful-shutdown.drain-timeout            | -1s   | must not be negative
			graceful-shutdown.termination-grace-period | P1Y   | P1Y
			graceful-shutdown.enabled                  | ture  | ture
			graceful-shutdown.exit-status.unclean      | 137   | other than 137 (SIGKILL) and 143 (SIGTERM)
			""")
	void badValueIsExplainedWithKeyValueAndWhatIsAccepted(String key, String value, String reason) {
		String accepted = key.endsWith(".enabled") ? "true or false"
				: key.endsWith(".unclean") ? "a whole number from 1 to 255 other than 137 and 143, such as 3"
						: ACCEPTED_DURATION;
		FailureAnalysis analysis = analyzeBindFailure(key, value);
		assertThat(analysis.getDescription()).startsWith("Invalid value '" + value + "' for property '" + key + "'")
			.contains(reason);
		assertThat(analysis.getAction()).isEqualTo("Set '" + key + "' to " + accepted + ".");
	}

	@Test
	void analysisKeepsTheBindExceptionAsItsCause() {
		BindException failure = bindFailure("graceful-shutdown.drain-timeout", "-1s");
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void bindFailureOfAnotherPrefixIsLeftToOtherAnalyzers() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("server.shutdown-timeout", "soon")));
		BindException failure = catchThrowableOfType(BindException.class,
				() -> binder.bind("server.shutdown-timeout", Duration.class));
		assertThat(failure).isNotNull();
		assertThat(failure.getProperty()).isNotNull();
		assertThat(this.analyzer.analyze(failure)).isNull();
	}

	@Test
	void bindFailureOfAPrefixThatOnlyStartsLikeThisOneIsLeftToOtherAnalyzers() {
		Binder binder = new Binder(
				new MapConfigurationPropertySource(Map.of("graceful-shutdown-extra.timeout", "soon")));
		BindException failure = catchThrowableOfType(BindException.class,
				() -> binder.bind("graceful-shutdown-extra.timeout", Duration.class));
		assertThat(failure).isNotNull();
		assertThat(this.analyzer.analyze(failure)).isNull();
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(ShutdownBudgetFailureAnalyzerTests.loadFailureAnalyzers())
			.hasAtLeastOneElementOfType(GracefulShutdownPropertiesFailureAnalyzer.class);
	}

	@Test
	void runsBeforeSpringBootsGenericBindFailureAnalysis() {
		Throwable failure = StartupFailure.of(this.contextRunner, "graceful-shutdown.drain-timeout=-1s");
		List<FailureAnalyzer> analyzers = new ArrayList<>(ShutdownBudgetFailureAnalyzerTests.loadFailureAnalyzers());
		assertThat(analyzers).filteredOn((analyzer) -> !(analyzer instanceof GracefulShutdownPropertiesFailureAnalyzer))
			.anySatisfy((analyzer) -> assertThat(analyzer.analyze(failure)).isNotNull());
		// As if the starter came last on the class path.
		analyzers.sort(Comparator.comparing(GracefulShutdownPropertiesFailureAnalyzer.class::isInstance));
		AnnotationAwareOrderComparator.sort(analyzers);
		assertThat(analyzers.stream().filter((analyzer) -> analyzer.analyze(failure) != null).findFirst())
			.containsInstanceOf(GracefulShutdownPropertiesFailureAnalyzer.class);
	}

	private FailureAnalysis analyzeBindFailure(String key, String value) {
		FailureAnalysis analysis = this.analyzer.analyze(bindFailure(key, value));
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private BindException bindFailure(String key, String value) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(key, value)));
		BindException failure = catchThrowableOfType(BindException.class, () -> binder
			.bind(GracefulShutdownProperties.PREFIX, Bindable.ofInstance(new GracefulShutdownProperties())));
		assertThat(failure).isNotNull();
		return failure;
	}

}

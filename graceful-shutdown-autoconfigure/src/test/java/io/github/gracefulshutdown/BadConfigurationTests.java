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
import java.util.stream.Stream;

import io.github.gracefulshutdown.actuate.GracefulShutdownEndpointAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad configuration a user can write fails at startup, and the analysis Spring Boot
 * prints names the key, the value, why it was refused and what is accepted. The
 * analyzers are the ones registered in {@code spring.factories}, first match in their
 * order, as at startup.
 */
class BadConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, GracefulShutdownEndpointAutoConfiguration.class));

	static Stream<BadInput> badInputs() {
		return Stream.of(
				new BadInput(List.of("graceful-shutdown.drain-timeout=-1s"), "graceful-shutdown.drain-timeout", "-1s",
						"must not be negative", "a duration of zero or more"),
				new BadInput(List.of("graceful-shutdown.propagation-delay=-500ms"),
						"graceful-shutdown.propagation-delay", "-500ms", "must not be negative",
						"a duration of zero or more"),
				new BadInput(List.of("graceful-shutdown.termination-grace-period=-30s"),
						"graceful-shutdown.termination-grace-period", "-30s", "must not be negative",
						"a duration of zero or more"),
				new BadInput(List.of("graceful-shutdown.participants.timeout=-2s"),
						"graceful-shutdown.participants.timeout", "-2s", "must not be negative",
						"a duration of zero or more"),
				new BadInput(List.of("graceful-shutdown.participants.timeout=later"),
						"graceful-shutdown.participants.timeout", "later", "later", "such as 0, 500ms, 5s or PT30S"),
				new BadInput(List.of("graceful-shutdown.participants.enabled=maybe"),
						"graceful-shutdown.participants.enabled", "maybe", "maybe", "true or false"),
				new BadInput(List.of("graceful-shutdown.propagation-delay=soon"), "graceful-shutdown.propagation-delay",
						"soon", "soon", "such as 0, 500ms, 5s or PT30S"),
				new BadInput(List.of("graceful-shutdown.drain-timeout=30 s"), "graceful-shutdown.drain-timeout", "30 s",
						"30 s", "such as 0, 500ms, 5s or PT30S"),
				new BadInput(List.of("graceful-shutdown.termination-grace-period=P1Y"),
						"graceful-shutdown.termination-grace-period", "P1Y", "P1Y", "such as 0, 500ms, 5s or PT30S"),
				new BadInput(List.of("graceful-shutdown.enabled=maybe"), "graceful-shutdown.enabled", "maybe", "maybe",
						"true or false"),
				new BadInput(List.of("graceful-shutdown.exit-status.unclean=143"),
						"graceful-shutdown.exit-status.unclean", "143", "other than 137 (SIGKILL) and 143 (SIGTERM)",
						"a whole number from 1 to 255 other than 137 and 143"),
				new BadInput(List.of("graceful-shutdown.exit-status.unclean=0"), "graceful-shutdown.exit-status.unclean",
						"0", "must be from 1 to 255", "a whole number from 1 to 255"),
				new BadInput(List.of("graceful-shutdown.exit-status.unclean=256"),
						"graceful-shutdown.exit-status.unclean", "256", "must be from 1 to 255",
						"a whole number from 1 to 255"),
				new BadInput(List.of("graceful-shutdown.exit-status.unclean=three"),
						"graceful-shutdown.exit-status.unclean", "three", "three", "a whole number from 1 to 255"),
				new BadInput(
						List.of("graceful-shutdown.drain-timeout=30s", "graceful-shutdown.termination-grace-period=30s"),
						"graceful-shutdown.termination-grace-period", "is 30s",
						"graceful-shutdown.drain-timeout (30s) + safety margin (2s) = 32s", "at least 32s"),
				new BadInput(
						List.of("graceful-shutdown.drain-timeout=30s",
								"spring.lifecycle.timeout-per-shutdown-phase=10s"),
						"spring.lifecycle.timeout-per-shutdown-phase", "10s",
						"disagrees with graceful-shutdown.drain-timeout (30s): both bound the web server's drain",
						"or set both to the same value"),
				new BadInput(List.of("graceful-shutdown.quiet-period=-1s"), "graceful-shutdown.quiet-period", "-1s",
						"must not be negative", "a duration of zero or more"),
				new BadInput(List.of("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.quiet-period=5s"),
						"graceful-shutdown.quiet-period", "5s",
						"not shorter than graceful-shutdown.propagation-delay (5s), the longest the propagation phase "
								+ "lasts, so it could never end early",
						"well below 5s"),
				new BadInput(List.of("graceful-shutdown.minimum-propagation-delay=1s"),
						"graceful-shutdown.minimum-propagation-delay", "1s",
						"only applies when 'graceful-shutdown.quiet-period' is set", "or remove"),
				new BadInput(
						List.of("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.quiet-period=1s",
								"graceful-shutdown.minimum-propagation-delay=8s"),
						"graceful-shutdown.minimum-propagation-delay", "8s",
						"longer than graceful-shutdown.propagation-delay (5s)", "at most 5s"),
				new BadInput(
						List.of("graceful-shutdown.drain-timeout=10s", "spring.grpc.server.shutdown.grace-period=20s"),
						"spring.grpc.server.shutdown.grace-period", "20s",
						"drains with the web server, within graceful-shutdown.drain-timeout (10s)", "at most 10s"),
				new BadInput(List.of("spring.grpc.server.shutdown.grace-period=-1s"),
						"spring.grpc.server.shutdown.grace-period", "-1s", "could never wait without limit",
						"at most 30s"),
				new BadInput(List.of("server.shutdown=immediate"), "server.shutdown", "immediate",
						"aborting every in-flight request", "set it to graceful"),
				new BadInput(List.of("management.endpoint.prestop.access=READ_ONLY"),
						"management.endpoint.prestop.access", "READ_ONLY", "only exists on a management port of its own",
						"'management.server.port' to a port of its own"),
				new BadInput(
						List.of("management.endpoint.prestop.access=UNRESTRICTED", "management.server.port=-1"),
						"management.endpoint.prestop.access", "UNRESTRICTED",
						"only exists on a management port of its own",
						"or set 'management.endpoint.prestop.access' to none"));
	}

	@ParameterizedTest
	@MethodSource("badInputs")
	void badConfigurationFailsStartupWithAnAnalysisNamingKeyValueAndWhatIsAccepted(BadInput input) {
		Throwable failure = StartupFailure.of(this.contextRunner, input.properties().toArray(String[]::new));
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis.getDescription()).contains(input.key()).contains(input.value()).contains(input.reason());
		assertThat(analysis.getAction()).contains(input.key()).contains(input.accepted());
	}

	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = ShutdownBudgetFailureAnalyzerTests.loadFailureAnalyzers();
		AnnotationAwareOrderComparator.sort(analyzers);
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analysis of " + failure, failure);
	}

	/**
	 * A bad configuration and what its analysis must say.
	 *
	 * @param properties the properties, as {@code key=value}
	 * @param key the key the analysis names
	 * @param value the value the analysis names
	 * @param reason why the value is refused
	 * @param accepted what the action accepts instead
	 */
	record BadInput(List<String> properties, String key, String value, String reason, String accepted) {

		@Override
		public String toString() {
			return String.join(", ", this.properties);
		}

	}

}

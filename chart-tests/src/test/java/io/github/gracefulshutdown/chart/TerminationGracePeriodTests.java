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


package io.github.gracefulshutdown.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The pod's {@code terminationGracePeriodSeconds} and the budget the app checks at startup
 * come from the same numbers: propagation delay + drain timeout + margin. The grace
 * period's clock includes the preStop hook, which in every mode is the propagation delay
 * itself, so it is not counted twice.
 */
class TerminationGracePeriodTests {

	private static final String GRACE = "GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD";

	private static final String DRAIN = "GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT";

	@ParameterizedTest
	@ValueSource(strings = { "default", "prestop-sleep", "prestop-none" })
	void defaultsToDelayPlusDrainPlusMarginInEveryPreStopMode(String scenario) {
		RenderedChart chart = ChartTemplate.of().withCiValues(scenario).render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L + 30 + 5);
		assertThat(chart.env()).containsEntry(DRAIN, "30s").containsEntry(GRACE, "40s");
	}

	@Test
	void isComputedFromTheGracefulShutdownValues() {
		RenderedChart chart = ChartTemplate.of()
			.set("gracefulShutdown.propagationDelaySeconds", 8)
			.set("gracefulShutdown.drainTimeoutSeconds", 50)
			.set("gracefulShutdown.marginSeconds", 3)
			.render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(8L + 50 + 3);
		assertThat(chart.env()).containsEntry("GRACEFUL_SHUTDOWN_PROPAGATION_DELAY", "8s")
			.containsEntry(DRAIN, "50s")
			.containsEntry(GRACE, "61s");
	}

	@Test
	void emptyMeansComputed() {
		RenderedChart chart = ChartTemplate.of().set("gracefulShutdown.terminationGracePeriodSeconds", "").render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(40L);
	}

	@Test
	void explicitValueSmallerThanTheSequenceFailsNamingTheNumbers() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.terminationGracePeriodSeconds", 20).yaml())
			.withMessageContaining("gracefulShutdown.terminationGracePeriodSeconds (20) is less than propagationDelaySeconds (5)"
					+ " + drainTimeoutSeconds (30) + marginSeconds (5) = 40");
	}

	@Test
	void explicitValueOneSecondShortFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of()
				.withCiValues("prestop-sleep")
				.set("gracefulShutdown.drainTimeoutSeconds", 60)
				.set("gracefulShutdown.terminationGracePeriodSeconds", 69)
				.yaml())
			.withMessageContaining("gracefulShutdown.terminationGracePeriodSeconds (69) is less than propagationDelaySeconds (5)"
					+ " + drainTimeoutSeconds (60) + marginSeconds (5) = 70");
	}

	@Test
	void theGracePeriodOfChart010FailsNamingWhereItMoved() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("terminationGracePeriodSeconds", 60).yaml())
			.withMessageContaining("terminationGracePeriodSeconds moved to gracefulShutdown.terminationGracePeriodSeconds"
					+ " in chart 0.2.0");
	}

	@Test
	void explicitValueEqualToTheSequenceIsUsed() {
		RenderedChart chart = ChartTemplate.of().set("gracefulShutdown.terminationGracePeriodSeconds", 40).render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(40L);
		assertThat(chart.env()).containsEntry(GRACE, "40s");
	}

	@Test
	void explicitValueWithRoomToSpareIsUsedAsIs() {
		RenderedChart chart = ChartTemplate.of().withCiValues("grace-period").render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(90L);
		assertThat(chart.env()).containsEntry("GRACEFUL_SHUTDOWN_PROPAGATION_DELAY", "10s")
			.containsEntry(DRAIN, "60s")
			.containsEntry(GRACE, "90s");
	}

}

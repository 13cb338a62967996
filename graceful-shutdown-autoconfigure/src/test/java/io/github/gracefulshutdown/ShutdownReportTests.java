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
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownReport}'s verdict, the exit status {@link ShutdownSignals}
 * takes from it, and the keys its log line ends with.
 */
class ShutdownReportTests {

	private static final int UNCLEAN = 3;

	private static final ShutdownTrigger SIGTERM = new ShutdownTrigger(ShutdownTrigger.Kind.SIGTERM, "",
			Instant.parse("2026-12-02T13:30:00.123Z"));

	@Test
	void aShutdownThatLostNothingIsCleanAndExitsWithZero() {
		ShutdownReport report = report(ShutdownPhase.STOPPED, 0, 0, false, SIGTERM);
		assertThat(report.isClean()).isTrue();
		assertThat(ShutdownSignals.exitStatus(report, UNCLEAN)).isZero();
	}

	@Test
	void anAbortedRequestExitsWithTheUncleanStatus() {
		assertThat(ShutdownSignals.exitStatus(report(ShutdownPhase.STOPPED, 1, 0, false, SIGTERM), UNCLEAN))
			.isEqualTo(UNCLEAN);
	}

	@Test
	void anAbortedTaskExitsWithTheUncleanStatus() {
		assertThat(ShutdownSignals.exitStatus(report(ShutdownPhase.STOPPED, 0, 2, false, SIGTERM), 9)).isEqualTo(9);
	}

	@Test
	void anOverranBudgetExitsWithTheUncleanStatus() {
		assertThat(ShutdownSignals.exitStatus(report(ShutdownPhase.STOPPED, 0, 0, true, SIGTERM), UNCLEAN))
			.isEqualTo(UNCLEAN);
	}

	@Test
	void aShutdownThatNeverFinishedIsNotClean() {
		assertThat(report(ShutdownPhase.DRAINING, 0, 0, false, SIGTERM).isClean()).isFalse();
	}

	@Test
	void theLogLineEndsWithTheBudgetAndTheTriggerThenTheGrpcFigures() {
		assertThat(report(ShutdownPhase.STOPPED, 0, 0, false, SIGTERM).toLogLine())
			.startsWith("phase=stopped total=")
			.endsWith(" participants_aborted_tasks=0 budget_overran=false trigger=sigterm "
					+ "triggered_at=2026-12-02T13:30:00.123Z trigger_caller=none grpc_late_calls_propagating=0 grpc_late_calls_draining=0 grpc_active_calls=0 grpc_aborted_calls=0");
		ShutdownTrigger preStop = new ShutdownTrigger(ShutdownTrigger.Kind.PRESTOP, "10.1.2.3", SIGTERM.at());
		assertThat(report(ShutdownPhase.STOPPED, 0, 0, true, preStop).toLogLine())
			.endsWith(" budget_overran=true trigger=prestop triggered_at=2026-12-02T13:30:00.123Z "
					+ "trigger_caller=10.1.2.3 grpc_late_calls_propagating=0 grpc_late_calls_draining=0 grpc_active_calls=0 grpc_aborted_calls=0");
		assertThat(report(ShutdownPhase.RUNNING, 0, 0, false, null).toLogLine())
			.endsWith(" trigger=none triggered_at=none trigger_caller=none grpc_late_calls_propagating=0 grpc_late_calls_draining=0 grpc_active_calls=0 grpc_aborted_calls=0");
	}

	@Test
	void aShutdownOverranWhenItRunsIntoTheMarginByMoreThanTheTolerance() {
		long[] now = { 0 };
		Duration tolerance = Duration.ofMillis(250);
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(10), ShutdownBudget.SAFETY_MARGIN,
				() -> now[0]);
		deadline.start();
		now[0] = Duration.ofMillis(8250).toNanos();
		assertThat(deadline.overran(tolerance)).isFalse();
		now[0] = Duration.ofMillis(8251).toNanos();
		assertThat(deadline.overran(tolerance)).isTrue();
		assertThat(deadline.untilGracePeriodEnds()).isEqualTo(Duration.ofMillis(1749));
		assertThat(new GracePeriodDeadline(null, ShutdownBudget.SAFETY_MARGIN).overran(tolerance)).isFalse();
	}

	private static ShutdownReport report(ShutdownPhase phase, long abortedRequests, long abortedTasks,
			boolean budgetOverran, @Nullable ShutdownTrigger trigger) {
		return new ShutdownReport(phase, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(15), 25, 0,
				Duration.ofMillis(585), 0, abortedRequests, 28, 0, 0, Duration.ofMillis(3), abortedTasks,
				budgetOverran, trigger, 0, 0, 0, 0);
	}

}

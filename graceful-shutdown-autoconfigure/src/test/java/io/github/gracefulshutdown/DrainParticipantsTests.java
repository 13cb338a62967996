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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DrainParticipants}.
 */
class DrainParticipantsTests {

	private final ShutdownStatistics statistics = new ShutdownStatistics(new ShutdownTimeline());

	private static final GracePeriodDeadline NO_DEADLINE = new GracePeriodDeadline(null, Duration.ZERO);

	private final List<String> calls = new ArrayList<>();

	@Test
	void participantsStopAcceptingThenFinishOneAfterTheOtherInOrder() {
		DrainParticipants lifecycle = new DrainParticipants(
				() -> List.of(new Recording("second", 2, Duration.ofSeconds(3), 0),
						new Recording("first", 1, Duration.ofSeconds(5), 0)),
				this.statistics);
		lifecycle.run(NO_DEADLINE);
		assertThat(this.calls).containsExactly("first stops accepting", "first awaits 5s", "second stops accepting",
				"second awaits 3s");
		assertThat(GracefulShutdownLifecycle.PARTICIPANTS_PHASE)
			.isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isGreaterThan(GracefulShutdownLifecycle.REPORT_PHASE);
	}

	@Test
	void eachOutcomeIsRecorded() {
		DrainParticipants lifecycle = new DrainParticipants(
				() -> List.of(new Recording("executor", 1, Duration.ofSeconds(5), 3),
						new Recording("scheduler", 0, Duration.ofSeconds(5), 0)),
				this.statistics);
		lifecycle.run(NO_DEADLINE);
		assertThat(this.statistics.participantAbortedTasks("executor")).isEqualTo(3);
		assertThat(this.statistics.participantAbortedTasks("scheduler")).isZero();
		assertThat(this.statistics.participantsAbortedTasks()).isEqualTo(3);
		assertThat(this.statistics.participantDuration("executor")).isPositive();
	}

	@Test
	void aFailingParticipantDoesNotKeepTheNextOneFromRunning() {
		Recording failing = new Recording("failing", 1, Duration.ofSeconds(5), 0) {

			@Override
			public void stopAcceptingWork() {
				throw new IllegalStateException("boom");
			}

		};
		new DrainParticipants(() -> List.of(failing, new Recording("next", 2, Duration.ofSeconds(1), 0)),
				this.statistics)
			.run(NO_DEADLINE);
		assertThat(this.calls).containsExactly("next stops accepting", "next awaits 1s");
	}

	@Test
	void eachTimeoutIsCutToWhatIsLeftOfTheGracePeriod() {
		AtomicLong now = new AtomicLong();
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(30), Duration.ofSeconds(2), now::get);
		deadline.start();
		now.set(Duration.ofSeconds(24).toNanos());
		DrainParticipants lifecycle = new DrainParticipants(
				() -> List.of(new Recording("long", 1, Duration.ofSeconds(10), 0),
						new Recording("short", 2, Duration.ofSeconds(1), 0)),
				this.statistics);
		lifecycle.run(deadline);
		assertThat(this.calls).containsExactly("long stops accepting", "long awaits 4s", "short stops accepting",
				"short awaits 1s");
	}

	private class Recording implements DrainParticipant {

		private final String name;

		private final int order;

		private final Duration timeout;

		private final int aborted;

		Recording(String name, int order, Duration timeout, int aborted) {
			this.name = name;
			this.order = order;
			this.timeout = timeout;
			this.aborted = aborted;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public Duration getTimeout() {
			return this.timeout;
		}

		@Override
		public int getOrder() {
			return this.order;
		}

		@Override
		public void stopAcceptingWork() {
			DrainParticipantsTests.this.calls.add(this.name + " stops accepting");
		}

		@Override
		public int awaitCompletion(Duration timeout) {
			DrainParticipantsTests.this.calls.add(this.name + " awaits " + DurationFormat.format(timeout));
			return this.aborted;
		}

	}

}

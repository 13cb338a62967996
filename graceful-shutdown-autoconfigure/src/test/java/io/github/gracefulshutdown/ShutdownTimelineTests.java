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
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownTimeline}.
 */
class ShutdownTimelineTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final ShutdownTimeline timeline = new ShutdownTimeline(this.nanos::get);

	@Test
	void startsRunningWithNothingElapsed() {
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.RUNNING);
		assertThat(this.timeline.isShuttingDown()).isFalse();
		assertThat(this.timeline.sinceShutdownBegan()).isZero();
		assertThat(this.timeline.timeIn(ShutdownPhase.DRAINING)).isZero();
	}

	@Test
	void phasesOnlyMoveForwardAndOnce() {
		assertThat(this.timeline.advanceTo(ShutdownPhase.PROPAGATING)).isTrue();
		assertThat(this.timeline.advanceTo(ShutdownPhase.PROPAGATING)).isFalse();
		assertThat(this.timeline.advanceTo(ShutdownPhase.DRAINING)).isTrue();
		assertThat(this.timeline.advanceTo(ShutdownPhase.PROPAGATING)).isFalse();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
	}

	@Test
	void recordsTheTimeSpentInEachPhase() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		this.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		this.nanos.addAndGet(Duration.ofMillis(300).toNanos());
		assertThat(this.timeline.timeIn(ShutdownPhase.DRAINING)).isEqualTo(Duration.ofMillis(300));
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.timeline.timeIn(ShutdownPhase.PROPAGATING)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.timeline.timeIn(ShutdownPhase.DRAINING)).isEqualTo(Duration.ofMillis(300));
		assertThat(this.timeline.sinceShutdownBegan()).isEqualTo(Duration.ofMillis(6300));
	}

	@Test
	void anAbandonedPropagationPhaseLeavesTheTimelineAsIfShutdownHadNeverBegun() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		this.nanos.addAndGet(Duration.ofSeconds(15).toNanos());
		assertThat(this.timeline.abandon()).isTrue();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.RUNNING);
		assertThat(this.timeline.sinceShutdownBegan()).isZero();
		assertThat(this.timeline.timeIn(ShutdownPhase.PROPAGATING)).isZero();
		this.nanos.addAndGet(Duration.ofSeconds(60).toNanos());
		// A later shutdown is timed from its own start, not from the abandoned one's.
		assertThat(this.timeline.advanceTo(ShutdownPhase.PROPAGATING)).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		assertThat(this.timeline.timeIn(ShutdownPhase.PROPAGATING)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.timeline.sinceShutdownBegan()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void onlyAPropagationPhaseCanBeAbandoned() {
		assertThat(this.timeline.abandon()).isFalse();
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		assertThat(this.timeline.abandon()).isFalse();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
	}

	@Test
	void skippedPhasesTakeNoTime() {
		this.nanos.addAndGet(1_000_000);
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		this.nanos.addAndGet(1_000_000);
		assertThat(this.timeline.timeIn(ShutdownPhase.PROPAGATING)).isZero();
		assertThat(this.timeline.timeIn(ShutdownPhase.DRAINING)).isZero();
		assertThat(this.timeline.sinceShutdownBegan()).isEqualTo(Duration.ofMillis(1));
	}

}

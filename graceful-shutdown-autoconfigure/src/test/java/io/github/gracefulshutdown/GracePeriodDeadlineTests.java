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
 * Tests for {@link GracePeriodDeadline}.
 */
class GracePeriodDeadlineTests {

	private static final Duration MARGIN = Duration.ofSeconds(2);

	private final AtomicLong nanos = new AtomicLong();

	@Test
	void withoutAGracePeriodNothingIsKnown() {
		GracePeriodDeadline deadline = new GracePeriodDeadline(null, MARGIN, this.nanos::get);
		deadline.start();
		assertThat(deadline.remaining()).isNull();
	}

	@Test
	void timeLeftIsCountedFromTheFirstStartWithTheMarginKept() {
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(30), MARGIN, this.nanos::get);
		deadline.start();
		advance(Duration.ofSeconds(5));
		// SIGTERM after a preStop call: the countdown began with the call.
		deadline.start();
		advance(Duration.ofMillis(1500));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(21500));
	}

	@Test
	void timeLeftIsNeverNegative() {
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(3), MARGIN, this.nanos::get);
		deadline.start();
		advance(Duration.ofSeconds(10));
		assertThat(deadline.remaining()).isZero();
	}

	@Test
	void askingForTheTimeLeftStartsTheCountdown() {
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(30), MARGIN, this.nanos::get);
		assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(28));
		advance(Duration.ofSeconds(8));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(20));
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}

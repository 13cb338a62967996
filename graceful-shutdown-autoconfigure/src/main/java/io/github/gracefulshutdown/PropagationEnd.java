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
import java.util.concurrent.locks.LockSupport;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * What ends the propagation phase: the propagation delay running out, or, with a quiet
 * period, {@link TrafficDeparture traffic having moved away} before that.
 * <p>
 * {@link #await(long)} blocks the calling thread, the context close's or the preStop
 * call's; when both wait, each returns once the phase may end. Nothing runs on a thread
 * of its own.
 *
 * @author Graceful Shutdown contributors
 */
interface PropagationEnd {

	/**
	 * The propagation delay, always to its end.
	 */
	PropagationEnd FIXED_DELAY = new PropagationEnd() {

		@Override
		public void await(long endsByNanos) throws InterruptedException {
			while (park(endsByNanos, Long.MAX_VALUE)) {
				// until the delay is over
			}
		}

		@Override
		public String describe(Duration delay) {
			return format(delay);
		}

	};

	/**
	 * Wait until the propagation phase may end.
	 * @param endsByNanos when it ends at the latest, in {@link System#nanoTime()} terms
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	void await(long endsByNanos) throws InterruptedException;

	/**
	 * Describe how long the phase lasts, for the log line that starts it.
	 * @param delay the propagation delay, cut to what is left of the grace period
	 * @return such as {@code 5s} or {@code between 2s and 10s}
	 */
	String describe(Duration delay);

	/**
	 * Park the calling thread once, until the given time or for the given interval,
	 * whichever is sooner.
	 * @param endsByNanos until when, in {@link System#nanoTime()} terms
	 * @param intervalNanos the longest park
	 * @return whether that time is still to come
	 * @throws InterruptedException if the thread is interrupted
	 */
	static boolean park(long endsByNanos, long intervalNanos) throws InterruptedException {
		long left = endsByNanos - System.nanoTime();
		if (left <= 0) {
			return false;
		}
		LockSupport.parkNanos(Math.min(left, intervalNanos));
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		return endsByNanos - System.nanoTime() > 0;
	}

}

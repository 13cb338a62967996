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
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * When the kubelet will send SIGKILL, if the pod's grace period is known, and the one
 * place that cuts a step's time to what is left of it. The kubelet counts the grace
 * period from the pod's deletion, which the application first sees as the preStop call
 * or as SIGTERM, that is as the start of its context's close: whichever comes first
 * {@link #start() starts} the countdown. Beans that stop before the shutdown sequence
 * (higher lifecycle phases, such as message listener containers) use up part of it.
 *
 * @author Graceful Shutdown contributors
 */
final class GracePeriodDeadline {

	private static final Log logger = LogFactory.getLog(GracePeriodDeadline.class);

	private static final long NOT_STARTED = Long.MIN_VALUE;

	private final @Nullable Duration gracePeriod;

	private final Duration margin;

	private final LongSupplier nanoClock;

	private final AtomicLong startedAt = new AtomicLong(NOT_STARTED);

	/**
	 * Create a deadline.
	 * @param gracePeriod the pod's grace period, {@code null} if unknown
	 * @param margin time to keep free before SIGKILL for the server to stop and the JVM
	 * to exit
	 */
	GracePeriodDeadline(@Nullable Duration gracePeriod, Duration margin) {
		this(gracePeriod, margin, System::nanoTime);
	}

	GracePeriodDeadline(@Nullable Duration gracePeriod, Duration margin, LongSupplier nanoClock) {
		this.gracePeriod = gracePeriod;
		this.margin = margin;
		this.nanoClock = nanoClock;
	}

	/**
	 * Start the countdown now, unless it has already started.
	 */
	void start() {
		this.startedAt.compareAndSet(NOT_STARTED, this.nanoClock.getAsLong());
	}

	/**
	 * Forget the countdown, for a shutdown that was abandoned: the kubelet starts a new
	 * one when it really deletes the pod.
	 */
	void reset() {
		this.startedAt.set(NOT_STARTED);
	}

	/**
	 * Return whether the shutdown has run into the margin kept for the JVM to exit by
	 * more than the given tolerance.
	 * @param tolerance how far into the margin still counts as on time
	 * @return whether it has, {@code false} if the grace period is unknown
	 */
	boolean overran(Duration tolerance) {
		Duration untilEnd = untilGracePeriodEnds();
		return untilEnd != null && untilEnd.minus(this.margin).plus(tolerance).isNegative();
	}

	/**
	 * Return the time until the kubelet sends SIGKILL, margin not kept, counted from the
	 * start of the countdown.
	 * @return the time until SIGKILL, possibly negative, or {@code null} if the grace
	 * period is unknown or the countdown has not started
	 */
	@Nullable Duration untilGracePeriodEnds() {
		long started = this.startedAt.get();
		if (this.gracePeriod == null || started == NOT_STARTED) {
			return null;
		}
		return this.gracePeriod.minus(Duration.ofNanos(this.nanoClock.getAsLong() - started));
	}

	/**
	 * Return the time the shutdown sequence has left, margin kept, counted from the start
	 * of the countdown (started now if it had not).
	 * @return the time left, never negative, or {@code null} if the grace period is
	 * unknown
	 */
	@Nullable Duration remaining() {
		if (this.gracePeriod == null) {
			return null;
		}
		start();
		Duration elapsed = Duration.ofNanos(this.nanoClock.getAsLong() - this.startedAt.get());
		Duration remaining = this.gracePeriod.minus(this.margin).minus(elapsed);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/**
	 * Cut the time a step may take to what is left of the grace period, with a warning
	 * naming the step when it is cut.
	 * @param duration the time the step would take
	 * @param what the step's time, as in "cutting the {@code what} from 5s to 3s"
	 * @return the duration, or what is left if that is less
	 */
	Duration cap(Duration duration, String what) {
		Duration left = remaining();
		if (left == null || left.compareTo(duration) >= 0) {
			return duration;
		}
		logger.warn("Only " + format(left) + " of the grace period left: cutting the " + what + " from "
				+ format(duration) + " to " + format(left) + " to exit before SIGKILL");
		return left;
	}

}

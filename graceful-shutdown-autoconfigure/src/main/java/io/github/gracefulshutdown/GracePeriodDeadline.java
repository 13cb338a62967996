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

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * When the kubelet will send SIGKILL, if the pod's grace period is known. The kubelet
 * counts the grace period from the pod's deletion, which the application first sees as
 * the preStop call or as SIGTERM, that is as the start of the context close: whichever
 * comes first starts the countdown. Beans that stop before the shutdown sequence (higher
 * lifecycle phases, such as message listener containers) use up part of it.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class GracePeriodDeadline implements ApplicationListener<ContextClosedEvent> {

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
	public GracePeriodDeadline(@Nullable Duration gracePeriod, Duration margin) {
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
	public void start() {
		this.startedAt.compareAndSet(NOT_STARTED, this.nanoClock.getAsLong());
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		start();
	}

	/**
	 * Return the time the shutdown sequence has left, margin kept, counted from the start
	 * of the countdown (started now if it had not).
	 * @return the time left, never negative, or {@code null} if the grace period is
	 * unknown
	 */
	public @Nullable Duration remaining() {
		if (this.gracePeriod == null) {
			return null;
		}
		start();
		Duration elapsed = Duration.ofNanos(this.nanoClock.getAsLong() - this.startedAt.get());
		Duration remaining = this.gracePeriod.minus(this.margin).minus(elapsed);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

}

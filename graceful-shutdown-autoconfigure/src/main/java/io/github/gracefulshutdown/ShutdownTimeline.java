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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The current {@link ShutdownPhase} of the application and when each phase began. Phases
 * move forward, and each transition happens once however many threads ask for it, so a
 * second signal or a repeated trigger never restarts a phase. The one way back is the
 * shutdown sequence abandoning a propagation phase that a preStop call began and no
 * shutdown followed: the timeline is then as if shutdown had never begun.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class ShutdownTimeline {

	private static final long NOT_ENTERED = Long.MIN_VALUE;

	private final AtomicReference<ShutdownPhase> phase = new AtomicReference<>(ShutdownPhase.RUNNING);

	private final AtomicLongArray enteredAt = new AtomicLongArray(ShutdownPhase.values().length);

	private final LongSupplier nanoClock;

	private final AtomicReference<@Nullable ShutdownTrigger> trigger = new AtomicReference<>();

	/**
	 * Create a timeline that reads {@link System#nanoTime()}.
	 */
	public ShutdownTimeline() {
		this(System::nanoTime);
	}

	ShutdownTimeline(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
		for (int i = 0; i < this.enteredAt.length(); i++) {
			this.enteredAt.set(i, NOT_ENTERED);
		}
		this.enteredAt.set(ShutdownPhase.RUNNING.ordinal(), nanoClock.getAsLong());
	}

	/**
	 * Return the current phase.
	 * @return the current phase
	 */
	public ShutdownPhase getPhase() {
		return this.phase.get();
	}

	/**
	 * Return what started the shutdown.
	 * @return the trigger, {@code null} while running
	 */
	public @Nullable ShutdownTrigger getTrigger() {
		return this.trigger.get();
	}

	/**
	 * Record what started the shutdown, unless something else did first: a SIGTERM after
	 * the preStop call leaves the call as the trigger.
	 * @param trigger the trigger
	 * @return whether this trigger is the one recorded
	 */
	boolean recordTrigger(ShutdownTrigger trigger) {
		return this.trigger.compareAndSet(null, trigger);
	}

	/**
	 * Return whether shutdown has begun, that is whether the application has left
	 * {@link ShutdownPhase#RUNNING}.
	 * @return whether shutdown has begun
	 */
	public boolean isShuttingDown() {
		return this.phase.get() != ShutdownPhase.RUNNING;
	}

	/**
	 * Move to the given phase if the application is in an earlier one. Skipped phases
	 * are recorded as entered and left at the same instant.
	 * @param next the phase to enter
	 * @return {@code true} if this call moved the timeline, {@code false} if the
	 * application was already in that phase or a later one
	 */
	public boolean advanceTo(ShutdownPhase next) {
		long now = this.nanoClock.getAsLong();
		ShutdownPhase current = this.phase.get();
		while (current.compareTo(next) < 0) {
			for (int i = current.ordinal() + 1; i <= next.ordinal(); i++) {
				this.enteredAt.compareAndSet(i, NOT_ENTERED, now);
			}
			if (this.phase.compareAndSet(current, next)) {
				return true;
			}
			current = this.phase.get();
		}
		return false;
	}

	/**
	 * Go back from {@link ShutdownPhase#PROPAGATING} to {@link ShutdownPhase#RUNNING},
	 * forgetting when the propagation phase began and what triggered it, so that a later
	 * shutdown runs, is timed and is explained in full. Only the shutdown sequence calls
	 * it, for a preStop call that no shutdown followed, and it does so under the lock that also guards the start of the
	 * propagation phase and of the context's close: no other transition can interleave.
	 * @return {@code true} if this call moved the timeline, {@code false} if the
	 * application was not propagating (running, or already draining)
	 */
	boolean abandon() {
		if (!this.phase.compareAndSet(ShutdownPhase.PROPAGATING, ShutdownPhase.RUNNING)) {
			return false;
		}
		for (int i = ShutdownPhase.PROPAGATING.ordinal(); i < this.enteredAt.length(); i++) {
			this.enteredAt.set(i, NOT_ENTERED);
		}
		this.enteredAt.set(ShutdownPhase.RUNNING.ordinal(), this.nanoClock.getAsLong());
		this.trigger.set(null);
		return true;
	}

	/**
	 * Return the time since shutdown began, or {@link Duration#ZERO} while running.
	 * @return the time since shutdown began
	 */
	public Duration sinceShutdownBegan() {
		long began = this.enteredAt.get(ShutdownPhase.PROPAGATING.ordinal());
		return (began != NOT_ENTERED) ? Duration.ofNanos(this.nanoClock.getAsLong() - began) : Duration.ZERO;
	}

	/**
	 * Return the time spent in the given phase so far: up to now for the current phase,
	 * {@link Duration#ZERO} for a phase not yet entered.
	 * @param phase the phase
	 * @return the time spent in that phase
	 */
	public Duration timeIn(ShutdownPhase phase) {
		long entered = this.enteredAt.get(phase.ordinal());
		if (entered == NOT_ENTERED) {
			return Duration.ZERO;
		}
		long left = (phase.ordinal() + 1 < this.enteredAt.length()) ? this.enteredAt.get(phase.ordinal() + 1)
				: NOT_ENTERED;
		long end = (left != NOT_ENTERED) ? left : this.nanoClock.getAsLong();
		return Duration.ofNanos(end - entered);
	}

}

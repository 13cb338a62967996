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
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Watches, after a preStop call has answered, for the SIGTERM the kubelet sends as soon
 * as its hook returns, that is for the context to start closing. When it does not start
 * within the {@link PreStopBound}, no pod deletion made the call, and the watch asks the
 * {@link ShutdownSequence} to abandon the shutdown the call began.
 * <p>
 * Nothing else would notice, and no request thread may be held for it, so one daemon
 * thread waits for that bound on a latch the context's close opens; it only waits and
 * signals. A later call pushes the bound back, and every caller is named if it comes to
 * an abandon.
 *
 * @author Graceful Shutdown contributors
 */
final class PreStopWatch {

	/**
	 * Callers named in the warning of an abandoned shutdown: every kubelet and stray
	 * caller, without letting a flood of calls grow the set.
	 */
	private static final int MAX_CALLERS = 10;

	private final PreStopBound bound;

	private final GracePeriodDeadline deadline;

	private final Abandon abandon;

	private final CountDownLatch closing = new CountDownLatch(1);

	private final Set<String> callers = new LinkedHashSet<>();

	private long abandonAt;

	private Duration abandonAfter = Duration.ZERO;

	private @Nullable Thread watch;

	PreStopWatch(PreStopBound bound, GracePeriodDeadline deadline, Abandon abandon) {
		this.bound = bound;
		this.deadline = deadline;
		this.abandon = abandon;
	}

	/**
	 * Start watching, or push the bound back, after a preStop call has answered.
	 * @param caller the address of the caller, or an empty string if unknown
	 */
	synchronized void answered(String caller) {
		if (!caller.isEmpty() && this.callers.size() < MAX_CALLERS) {
			this.callers.add(caller);
		}
		this.abandonAfter = this.bound.cappedBy(this.deadline);
		this.abandonAt = System.nanoTime() + this.abandonAfter.toNanos();
		if (this.watch == null) {
			Thread watch = new Thread(this::watchForClose, "graceful-shutdown-prestop-watch");
			watch.setDaemon(true);
			this.watch = watch;
			watch.start();
		}
	}

	/**
	 * The context has started closing: the watch is over for good.
	 */
	void contextClosing() {
		this.closing.countDown();
	}

	private void watchForClose() {
		try {
			while (!this.closing.await(nanosUntilAbandon(), TimeUnit.NANOSECONDS)) {
				if (abandonIfDue()) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private synchronized long nanosUntilAbandon() {
		return Math.max(0, this.abandonAt - System.nanoTime());
	}

	/**
	 * @return whether the watch is done: the bound was over and the sequence was asked
	 */
	private boolean abandonIfDue() {
		String callers;
		Duration after;
		synchronized (this) {
			if (this.abandonAt - System.nanoTime() > 0) {
				return false;
			}
			callers = this.callers.isEmpty() ? "an unknown address" : String.join(", ", this.callers);
			after = this.abandonAfter;
			this.callers.clear();
			this.watch = null;
		}
		this.abandon.abandon(callers, after);
		return true;
	}

	/**
	 * What the watch asks of the sequence when the bound is over.
	 */
	@FunctionalInterface
	interface Abandon {

		/**
		 * Abandon the shutdown the preStop call began, unless the context has started
		 * closing meanwhile.
		 * @param callers the callers, for the warning
		 * @param after the bound that ran out
		 */
		void abandon(String callers, Duration after);

	}

}

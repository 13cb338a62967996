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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * The shutdown's last words before the kubelet's SIGKILL: when about a second of the
 * grace period is left and the context has not finished closing, say what it is still
 * doing, in the log and in the {@link TerminationMessage}, so that an exit status of 137
 * explains itself. Nothing else runs then: the closing thread is the one that is stuck.
 * <p>
 * One daemon thread waits, doing nothing else, from the start of the grace period's
 * countdown until then, on a latch that the end of the close or an abandoned preStop call
 * opens. A JVM that exits first takes it along.
 *
 * @author Graceful Shutdown contributors
 */
final class LastGasp {

	/**
	 * How long before the end of the grace period the last gasp comes: enough to write a
	 * log line and a file, short enough that the shutdown had every chance to finish.
	 */
	static final Duration LEAD = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(LastGasp.class);

	private final GracePeriodDeadline deadline;

	private final Supplier<String> progress;

	private final TerminationMessage terminationMessage;

	private @Nullable CountDownLatch cancelled;

	/**
	 * Create a last gasp.
	 * @param deadline the deadline whose countdown it follows
	 * @param progress what the shutdown is still doing, read when the time comes
	 * @param terminationMessage where to write it besides the log
	 */
	LastGasp(GracePeriodDeadline deadline, Supplier<String> progress, TerminationMessage terminationMessage) {
		this.deadline = deadline;
		this.progress = progress;
		this.terminationMessage = terminationMessage;
	}

	/**
	 * Arm the last gasp for the countdown under way, unless it is armed already or the
	 * grace period is unknown.
	 */
	synchronized void arm() {
		Duration untilEnd = this.deadline.untilGracePeriodEnds();
		if (this.cancelled != null || untilEnd == null) {
			return;
		}
		CountDownLatch cancelled = new CountDownLatch(1);
		this.cancelled = cancelled;
		long firesAt = System.nanoTime() + untilEnd.minus(LEAD).toNanos();
		Thread waiter = new Thread(() -> awaitEndOfGracePeriod(cancelled, firesAt), "graceful-shutdown-last-gasp");
		waiter.setDaemon(true);
		waiter.start();
	}

	/**
	 * Disarm it: the close is over, or the shutdown was abandoned.
	 */
	synchronized void cancel() {
		if (this.cancelled != null) {
			this.cancelled.countDown();
			this.cancelled = null;
		}
	}

	private void awaitEndOfGracePeriod(CountDownLatch cancelled, long firesAt) {
		try {
			if (cancelled.await(Math.max(0, firesAt - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		String progress = this.progress.get();
		logger.warn("About " + format(LEAD) + " of the grace period left and the shutdown is not over, SIGKILL is "
				+ "coming: " + progress);
		this.terminationMessage.prepend("Last gasp, about " + format(LEAD) + " before SIGKILL: " + progress);
	}

}

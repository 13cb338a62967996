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
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.OrderComparator;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * Runs the {@link DrainParticipant drain participants} once the HTTP drain is over: one
 * after the other, in order, each told to stop accepting work and then given its own
 * timeout, cut to what is left of the grace period, to finish.
 *
 * @author Graceful Shutdown contributors
 */
final class DrainParticipants {

	private static final Log logger = LogFactory.getLog(DrainParticipants.class);

	private final Supplier<List<DrainParticipant>> participants;

	private final ShutdownStatistics statistics;

	private volatile @Nullable String running;

	/**
	 * Create a new {@link DrainParticipants}.
	 * @param participants the participants, read at shutdown, so that executors created
	 * lazily take part too
	 * @param statistics the statistics to record each participant's outcome in
	 */
	DrainParticipants(Supplier<List<DrainParticipant>> participants, ShutdownStatistics statistics) {
		this.participants = participants;
		this.statistics = statistics;
	}

	void run(GracePeriodDeadline deadline) {
		List<DrainParticipant> participants = new ArrayList<>(this.participants.get());
		OrderComparator.sort(participants);
		for (DrainParticipant participant : participants) {
			this.running = participant.getName();
			try {
				drain(participant, deadline);
			}
			finally {
				this.running = null;
			}
		}
	}

	/**
	 * Return the participant draining now.
	 * @return its name, {@code null} if none is
	 */
	@Nullable String running() {
		return this.running;
	}

	private void drain(DrainParticipant participant, GracePeriodDeadline deadline) {
		String name = participant.getName();
		long started = System.nanoTime();
		int aborted = 0;
		String failure = null;
		try {
			participant.stopAcceptingWork();
			aborted = participant.awaitCompletion(
					deadline.cap(participant.getTimeout(), "timeout of drain participant '" + name + "'"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failure = "was interrupted";
		}
		catch (RuntimeException ex) {
			logger.warn("Drain participant '" + name + "' failed", ex);
			failure = "failed";
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.statistics.participantFinished(name, took, aborted);
		if (failure != null) {
			logger.warn("Drain participant '" + name + "' " + failure + " after " + format(took));
		}
		else if (aborted > 0) {
			logger.warn("Drain participant '" + name + "' timed out after " + format(took) + ": " + aborted
					+ " task(s) aborted");
		}
		else {
			logger.info("Drain participant '" + name + "' finished its work in flight after " + format(took));
		}
	}

}

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

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.OrderComparator;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * {@link SmartLifecycle} that runs the {@link DrainParticipant drain participants} once
 * the HTTP drain is over: one after the other, in order, each told to stop accepting work
 * and then given its own timeout, cut to what is left of the grace period, to finish.
 * <p>
 * It stops at {@link #PHASE}, right after {@code webServerGracefulShutdown} at
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE} and before
 * {@link DrainCompletionLifecycle} reports, so the report carries what the participants
 * took and aborted. It stops synchronously, bounded by the participants' own timeouts,
 * so {@code spring.lifecycle.timeout-per-shutdown-phase} does not cut it short.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class DrainParticipantsLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: after the web server's graceful shutdown, before
	 * {@link DrainCompletionLifecycle}.
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 256;

	private static final Log logger = LogFactory.getLog(DrainParticipantsLifecycle.class);

	private final Supplier<List<DrainParticipant>> participants;

	private final ShutdownStatistics statistics;

	private @Nullable GracePeriodDeadline deadline;

	private volatile boolean running;

	/**
	 * Create a new {@link DrainParticipantsLifecycle}.
	 * @param participants the participants, read at startup for the budget and meters and
	 * again at shutdown, so that executors created lazily take part too
	 * @param statistics the statistics to record each participant's outcome in
	 */
	public DrainParticipantsLifecycle(Supplier<List<DrainParticipant>> participants, ShutdownStatistics statistics) {
		this.participants = participants;
		this.statistics = statistics;
	}

	/**
	 * Cut each participant's timeout to what is left of the pod's grace period.
	 * @param deadline when the kubelet will send SIGKILL
	 */
	public void setGracePeriodDeadline(GracePeriodDeadline deadline) {
		this.deadline = deadline;
	}

	/**
	 * Return the participants, in the order they run.
	 * @return the participants
	 */
	public List<DrainParticipant> getParticipants() {
		List<DrainParticipant> participants = new ArrayList<>(this.participants.get());
		OrderComparator.sort(participants);
		return participants;
	}

	/**
	 * Return the time the participants may take at most, one after the other.
	 * @return the sum of their timeouts
	 */
	public Duration getTimeout() {
		return getParticipants().stream().map(DrainParticipant::getTimeout).reduce(Duration.ZERO, Duration::plus);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		for (DrainParticipant participant : getParticipants()) {
			drain(participant);
		}
	}

	private void drain(DrainParticipant participant) {
		String name = participant.getName();
		long started = System.nanoTime();
		int aborted = 0;
		String failure = null;
		try {
			participant.stopAcceptingWork();
			aborted = participant.awaitCompletion(timeout(participant));
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

	private Duration timeout(DrainParticipant participant) {
		Duration timeout = participant.getTimeout();
		Duration left = (this.deadline != null) ? this.deadline.remaining() : null;
		if (left != null && left.compareTo(timeout) < 0) {
			logger.warn("Only " + format(left) + " of the grace period left: cutting the timeout of drain participant '"
					+ participant.getName() + "' from " + format(timeout) + " to " + format(left)
					+ " to exit before SIGKILL");
			return left;
		}
		return timeout;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}

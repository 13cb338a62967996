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
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * {@link SmartLifecycle} that closes the drain phase: it stops right after Spring Boot's
 * graceful shutdown has finished or timed out, and before the web server is stopped, so
 * whatever is still in flight at that moment is about to be aborted. It counts and logs
 * those requests, then reports how the shutdown went.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class DrainCompletionLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: after the graceful shutdown phase, before the web
	 * server stops.
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 512;

	/**
	 * How long requests that are completing get to finish their bookkeeping: a server
	 * can report the drain over a moment before the completion callbacks of the last
	 * responses have run on its threads.
	 */
	static final Duration SETTLE_TIME = Duration.ofMillis(100);

	private static final long SETTLE_POLL_NANOS = Duration.ofMillis(2).toNanos();

	private static final Log logger = LogFactory.getLog(DrainCompletionLifecycle.class);

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private volatile boolean running;

	/**
	 * Create a new {@link DrainCompletionLifecycle}.
	 * @param timeline the timeline to advance
	 * @param inFlightRequests the requests in flight
	 * @param statistics the statistics to record aborted requests in and report
	 */
	public DrainCompletionLifecycle(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// Graceful shutdown may be disabled, or the context closed without a propagation
		// phase: the timeline still ends in STOPPED.
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		awaitSettled();
		List<InFlightRequests.Request> aborted = this.inFlightRequests.snapshot();
		this.statistics.requestsAborted(aborted.size());
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		if (!aborted.isEmpty()) {
			logger.warn("Drain timed out after " + format(this.timeline.timeIn(ShutdownPhase.DRAINING)) + " with "
					+ aborted.size() + " request(s) still in flight, now aborted: " + describe(aborted));
		}
		ShutdownReport report = ShutdownReport.capture(this.timeline, this.statistics, this.inFlightRequests);
		logger.info("Graceful shutdown finished: " + report.toLogLine());
	}

	private void awaitSettled() {
		long deadline = System.nanoTime() + SETTLE_TIME.toNanos();
		while (this.inFlightRequests.count() > 0 && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(SETTLE_POLL_NANOS);
		}
	}

	private static String describe(List<InFlightRequests.Request> requests) {
		return requests.stream()
			.map((request) -> request + " (running for " + format(request.age()) + ")")
			.collect(Collectors.joining(", "));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}

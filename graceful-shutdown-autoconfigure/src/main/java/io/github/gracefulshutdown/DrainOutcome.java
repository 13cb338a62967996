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
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * What the drain left unfinished, counted once it is over and before the web server
 * stops, and the report of the whole shutdown.
 *
 * @author Graceful Shutdown contributors
 */
final class DrainOutcome {

	/**
	 * How long requests that are completing get to finish their bookkeeping: a server
	 * can report the drain over a moment before the completion callbacks of the last
	 * responses have run on its threads.
	 */
	static final Duration SETTLE_TIME = Duration.ofMillis(100);

	private static final Log logger = LogFactory.getLog(DrainOutcome.class);

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final Duration settleTime;

	private volatile String aborted = "";

	DrainOutcome(ShutdownTimeline timeline, InFlightRequests inFlightRequests, ShutdownStatistics statistics) {
		this(timeline, inFlightRequests, statistics, SETTLE_TIME);
	}

	/**
	 * Create an outcome whose requests get {@code settleTime} to finish their
	 * bookkeeping: tests that race a completion against the count give it long enough
	 * that a busy machine cannot lose the race for them.
	 */
	DrainOutcome(ShutdownTimeline timeline, InFlightRequests inFlightRequests, ShutdownStatistics statistics,
			Duration settleTime) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.settleTime = settleTime;
	}

	/**
	 * Count, log and record the requests still in flight as aborted.
	 * @param drained how long the drain took
	 */
	void countAborted(Duration drained) {
		try {
			this.inFlightRequests.awaitNone(this.settleTime);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<InFlightRequests.Request> aborted = this.inFlightRequests.snapshot();
		this.statistics.requestsAborted(aborted.size());
		if (!aborted.isEmpty()) {
			this.aborted = describe(aborted);
			logger.warn("Drain timed out after " + format(drained) + " with " + aborted.size()
					+ " request(s) still in flight, now aborted: " + this.aborted);
		}
	}

	/**
	 * Return the requests the drain aborted, with their method, path and age.
	 * @return such as {@code GET /work (running for 3s)}, empty if none
	 */
	String abortedRequests() {
		return this.aborted;
	}

	ShutdownReport report() {
		return ShutdownReport.capture(this.timeline, this.statistics, this.inFlightRequests);
	}

	private static String describe(List<InFlightRequests.Request> requests) {
		return requests.stream().map(InFlightRequests.Request::describeWithAge).collect(Collectors.joining(", "));
	}

}

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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * Ends the propagation phase as soon as traffic has demonstrably moved away, instead of at
 * the end of a fixed delay: once the minimum has passed, no application request and no new
 * connection arrived for the quiet period, and every open connection has a request in
 * flight, whose response tells its client to close it. An idle kept-alive connection that
 * has not been told to close may still carry a request; draining now would race it.
 * <p>
 * The trade-off: a pod whose traffic is sparser than the quiet period looks quiet while
 * load balancers may still route to it, so the minimum must cover the propagation lag of
 * the fastest path, and the quiet period must span several gaps between requests at the
 * lowest traffic expected. The propagation delay stays the maximum.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
final class TrafficDeparture implements PropagationEnd {

	private static final Log logger = LogFactory.getLog(TrafficDeparture.class);

	private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(20);

	private final Duration quietPeriod;

	private final Duration minimum;

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final InFlightRequests inFlightRequests;

	private final List<OpenConnections> openConnections;

	/**
	 * Create a new {@link TrafficDeparture}.
	 * @param quietPeriod how long no request and no connection must arrive
	 * @param minimum how long the propagation phase lasts at least
	 * @param timeline the timeline, for the time since shutdown began
	 * @param statistics the statistics, for the time of the last late request
	 * @param inFlightRequests the requests in flight
	 * @param openConnections the open connections of each web server
	 */
	TrafficDeparture(Duration quietPeriod, Duration minimum, ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, List<OpenConnections> openConnections) {
		this.quietPeriod = quietPeriod;
		this.minimum = minimum;
		this.timeline = timeline;
		this.statistics = statistics;
		this.inFlightRequests = inFlightRequests;
		this.openConnections = List.copyOf(openConnections);
	}

	@Override
	public String describe(Duration delay) {
		return (this.minimum.compareTo(delay) < 0) ? "between " + format(this.minimum) + " and " + format(delay)
				: format(delay);
	}

	/**
	 * Poll, on the calling thread, until traffic has moved away or the delay is over.
	 */
	@Override
	public void await(long endsByNanos) throws InterruptedException {
		long pollNanos = Math.min(MAX_POLL_INTERVAL.toNanos(), Math.max(1, this.quietPeriod.toNanos() / 5));
		Watch watch = new Watch(openConnections());
		while (PropagationEnd.park(endsByNanos, pollNanos)) {
			if (watch.hasDeparted()) {
				logger.info("Traffic has moved away: no request and no new connection for "
						+ format(this.quietPeriod) + ", and no idle connection left untold to close; ending the "
						+ "propagation phase after " + format(this.timeline.sinceShutdownBegan()));
				return;
			}
		}
	}

	private int openConnections() {
		return OpenConnections.sum(this.openConnections);
	}

	/**
	 * What one watch has seen so far, in times since shutdown began.
	 */
	private final class Watch {

		private int lastOpen;

		private Duration lastNewConnection = Duration.ZERO;

		Watch(int open) {
			this.lastOpen = open;
		}

		boolean hasDeparted() {
			Duration now = TrafficDeparture.this.timeline.sinceShutdownBegan();
			int open = openConnections();
			if (open > this.lastOpen) {
				this.lastNewConnection = now;
			}
			this.lastOpen = open;
			Duration lastRequest = TrafficDeparture.this.statistics.lastLateArrival();
			Duration lastArrival = (lastRequest.compareTo(this.lastNewConnection) > 0) ? lastRequest
					: this.lastNewConnection;
			boolean quiet = now.minus(lastArrival).compareTo(TrafficDeparture.this.quietPeriod) >= 0;
			// Open gRPC connections are not counted (they cannot be told to close before
			// the drain's GOAWAY), nor are their calls.
			InFlightRequests requests = TrafficDeparture.this.inFlightRequests;
			boolean everyConnectionToldToClose = open <= requests.count() - requests.grpcCount();
			return now.compareTo(TrafficDeparture.this.minimum) >= 0 && quiet && everyConnectionToldToClose;
		}

	}

}

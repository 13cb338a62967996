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

package io.github.gracefulshutdown.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@link MeterBinder} for what the shutdown sequence does, so that a scrape during the
 * propagation or drain phase sees it. Every meter is registered at startup, so dashboards
 * show zero rather than missing data.
 *
 * @author Graceful Shutdown contributors
 */
class GracefulShutdownMetrics implements MeterBinder {

	/**
	 * Current phase: 1 for the phase the application is in, 0 for the others.
	 */
	public static final String PHASE_METRIC_NAME = "graceful.shutdown.phase";

	/**
	 * Time spent in each shutdown phase so far.
	 */
	public static final String PHASE_DURATION_METRIC_NAME = "graceful.shutdown.phase.duration";

	/**
	 * Application requests received after shutdown began, by phase.
	 */
	public static final String LATE_REQUESTS_METRIC_NAME = "graceful.shutdown.late.requests";

	/**
	 * Time from the start of shutdown to the last application request received.
	 */
	public static final String PROPAGATION_LAG_METRIC_NAME = "graceful.shutdown.propagation.lag";

	/**
	 * Application requests in flight.
	 */
	public static final String ACTIVE_REQUESTS_METRIC_NAME = "graceful.shutdown.active.requests";

	/**
	 * Requests still in flight when the drain ended, aborted.
	 */
	public static final String ABORTED_REQUESTS_METRIC_NAME = "graceful.shutdown.aborted.requests";

	/**
	 * Shutdowns a preStop call began that were abandoned, no shutdown having followed.
	 */
	public static final String ABANDONED_METRIC_NAME = "graceful.shutdown.abandoned";

	/**
	 * Connections the starter closed, by how.
	 */
	public static final String CLOSED_CONNECTIONS_METRIC_NAME = "graceful.shutdown.closed.connections";

	/**
	 * Time each drain participant took to stop accepting work and finish.
	 */
	public static final String PARTICIPANT_DURATION_METRIC_NAME = "graceful.shutdown.participant.duration";

	/**
	 * Tasks each drain participant aborted when its timeout was over.
	 */
	public static final String PARTICIPANT_ABORTED_TASKS_METRIC_NAME = "graceful.shutdown.participant.aborted.tasks";

	/**
	 * Tells HTTP requests from gRPC calls on the late, active and aborted requests: two
	 * values only.
	 */
	static final String PROTOCOL_TAG = "protocol";

	private static final String HTTP = "http";

	private static final String GRPC = "grpc";

	private static final String LATE_REQUESTS_DESCRIPTION = "Application requests received after shutdown began";

	private static final String ACTIVE_REQUESTS_DESCRIPTION = "Application requests in flight";

	private static final String ABORTED_REQUESTS_DESCRIPTION = "Requests still in flight when the drain timed out";

	private static final String CLOSED_CONNECTIONS_DESCRIPTION = "Connections closed by the starter: responses "
			+ "that carried Connection: close, idle keep-alive connections closed when the drain started, and "
			+ "event streams ended then";

	private static final List<ShutdownPhase> SHUTDOWN_PHASES = List.of(ShutdownPhase.PROPAGATING,
			ShutdownPhase.DRAINING);

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final InFlightRequests inFlightRequests;

	private final Iterable<Tag> tags;

	private final Supplier<List<String>> participants;

	/**
	 * Create a new {@link GracefulShutdownMetrics}.
	 * @param timeline the timeline
	 * @param statistics the statistics
	 * @param inFlightRequests the requests in flight
	 * @param tags tags to add to every meter, such as the server
	 */
	GracefulShutdownMetrics(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, Iterable<Tag> tags) {
		this(timeline, statistics, inFlightRequests, tags, List::of);
	}

	/**
	 * Create a new {@link GracefulShutdownMetrics} that also has meters for each drain
	 * participant.
	 * @param timeline the timeline
	 * @param statistics the statistics
	 * @param inFlightRequests the requests in flight
	 * @param tags tags to add to every meter, such as the server
	 * @param participants the names of the drain participants, read when the meters are
	 * bound
	 */
	GracefulShutdownMetrics(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, Iterable<Tag> tags, Supplier<List<String>> participants) {
		this.timeline = timeline;
		this.statistics = statistics;
		this.inFlightRequests = inFlightRequests;
		this.tags = tags;
		this.participants = participants;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ShutdownPhase phase : ShutdownPhase.values()) {
			Gauge.builder(PHASE_METRIC_NAME, this.timeline, (timeline) -> (timeline.getPhase() == phase) ? 1 : 0)
				.tags(phaseTags(phase))
				.description("Current shutdown phase: 1 for the phase the application is in, 0 for the others")
				.register(registry);
		}
		for (ShutdownPhase phase : SHUTDOWN_PHASES) {
			TimeGauge
				.builder(PHASE_DURATION_METRIC_NAME, this.timeline, TimeUnit.NANOSECONDS,
						(timeline) -> timeline.timeIn(phase).toNanos())
				.tags(phaseTags(phase))
				.description("Time spent in each shutdown phase so far")
				.register(registry);
			FunctionCounter
				.builder(LATE_REQUESTS_METRIC_NAME, this.statistics,
						(statistics) -> statistics.lateRequests(phase) - statistics.lateGrpcCalls(phase))
				.tags(phaseTags(phase).and(PROTOCOL_TAG, HTTP))
				.baseUnit("requests")
				.description(LATE_REQUESTS_DESCRIPTION)
				.register(registry);
			FunctionCounter
				.builder(LATE_REQUESTS_METRIC_NAME, this.statistics, (statistics) -> statistics.lateGrpcCalls(phase))
				.tags(phaseTags(phase).and(PROTOCOL_TAG, GRPC))
				.baseUnit("requests")
				.description(LATE_REQUESTS_DESCRIPTION)
				.register(registry);
		}
		TimeGauge
			.builder(PROPAGATION_LAG_METRIC_NAME, this.statistics, TimeUnit.NANOSECONDS,
					(statistics) -> statistics.observedPropagationLag().toNanos())
			.tags(this.tags)
			.description("Time from the start of shutdown to the last application request received; "
					+ "compare with the propagation delay")
			.register(registry);
		Gauge
			.builder(ACTIVE_REQUESTS_METRIC_NAME, this.inFlightRequests,
					(requests) -> requests.count() - requests.grpcCount())
			.tags(Tags.of(this.tags).and(PROTOCOL_TAG, HTTP))
			.baseUnit("requests")
			.description(ACTIVE_REQUESTS_DESCRIPTION)
			.register(registry);
		Gauge.builder(ACTIVE_REQUESTS_METRIC_NAME, this.inFlightRequests, InFlightRequests::grpcCount)
			.tags(Tags.of(this.tags).and(PROTOCOL_TAG, GRPC))
			.baseUnit("requests")
			.description(ACTIVE_REQUESTS_DESCRIPTION)
			.register(registry);
		FunctionCounter
			.builder(ABORTED_REQUESTS_METRIC_NAME, this.statistics,
					(statistics) -> statistics.abortedRequests() - statistics.abortedGrpcCalls())
			.tags(Tags.of(this.tags).and(PROTOCOL_TAG, HTTP))
			.baseUnit("requests")
			.description(ABORTED_REQUESTS_DESCRIPTION)
			.register(registry);
		FunctionCounter
			.builder(ABORTED_REQUESTS_METRIC_NAME, this.statistics, ShutdownStatistics::abortedGrpcCalls)
			.tags(Tags.of(this.tags).and(PROTOCOL_TAG, GRPC))
			.baseUnit("requests")
			.description(ABORTED_REQUESTS_DESCRIPTION)
			.register(registry);
		FunctionCounter.builder(ABANDONED_METRIC_NAME, this.statistics, ShutdownStatistics::abandonedShutdowns)
			.tags(this.tags)
			.description("Shutdowns a preStop call began that were abandoned because no SIGTERM followed")
			.register(registry);
		FunctionCounter
			.builder(CLOSED_CONNECTIONS_METRIC_NAME, this.statistics, ShutdownStatistics::connectionsToldToClose)
			.tags(Tags.of(this.tags).and("reason", "told_to_close"))
			.baseUnit("connections")
			.description(CLOSED_CONNECTIONS_DESCRIPTION)
			.register(registry);
		FunctionCounter
			.builder(CLOSED_CONNECTIONS_METRIC_NAME, this.statistics, ShutdownStatistics::idleConnectionsClosed)
			.tags(Tags.of(this.tags).and("reason", "idle"))
			.baseUnit("connections")
			.description(CLOSED_CONNECTIONS_DESCRIPTION)
			.register(registry);
		FunctionCounter.builder(CLOSED_CONNECTIONS_METRIC_NAME, this.statistics, ShutdownStatistics::streamsEnded)
			.tags(Tags.of(this.tags).and("reason", "stream_ended"))
			.baseUnit("connections")
			.description(CLOSED_CONNECTIONS_DESCRIPTION)
			.register(registry);
		for (String participant : this.participants.get()) {
			Tags tags = Tags.of(this.tags).and("participant", participant);
			TimeGauge
				.builder(PARTICIPANT_DURATION_METRIC_NAME, this.statistics, TimeUnit.NANOSECONDS,
						(statistics) -> statistics.participantDuration(participant).toNanos())
				.tags(tags)
				.description("Time a drain participant took to stop accepting work and finish, after the drain")
				.register(registry);
			FunctionCounter
				.builder(PARTICIPANT_ABORTED_TASKS_METRIC_NAME, this.statistics,
						(statistics) -> statistics.participantAbortedTasks(participant))
				.tags(tags)
				.baseUnit("tasks")
				.description("Tasks of a drain participant still running or queued when its timeout was over, "
						+ "aborted")
				.register(registry);
		}
	}

	private Tags phaseTags(ShutdownPhase phase) {
		return Tags.of(this.tags).and("phase", phase.name().toLowerCase(Locale.ROOT));
	}

}

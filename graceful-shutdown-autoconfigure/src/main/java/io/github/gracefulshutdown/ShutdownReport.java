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
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * What the shutdown sequence has done so far, captured at one instant: the figures of
 * the metrics, of the final log line and of the drain-status endpoint.
 *
 * @param phase the current phase
 * @param sinceShutdownBegan time since shutdown began
 * @param propagation time spent propagating so far
 * @param drain time spent draining so far
 * @param lateRequestsWhilePropagating application requests received while propagating
 * @param lateRequestsWhileDraining application requests received while draining
 * @param observedPropagationLag time from the start of shutdown to the last late request
 * @param activeRequests application requests in flight
 * @param abortedRequests requests still in flight when the drain ended
 * @param connectionsToldToClose responses that asked their client to close the connection
 * @param idleConnectionsClosed idle keep-alive connections closed when the drain started
 * @param streamsEnded event streams ended when the drain started
 * @param participants time the drain participants took, after the HTTP drain
 * @param participantsAbortedTasks tasks the drain participants aborted
 * @param budgetOverran whether the shutdown overran the termination grace period: the
 * propagation delay had to be cut to fit in it, or the shutdown took longer than it minus
 * the safety margin
 * @param trigger what started the shutdown, {@code null} while running
 * @param lateGrpcCallsWhilePropagating of the late requests while propagating, gRPC calls
 * @param lateGrpcCallsWhileDraining of the late requests while draining, gRPC calls
 * @param activeGrpcCalls of the requests in flight, gRPC calls
 * @param abortedGrpcCalls of the aborted requests, gRPC calls
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public record ShutdownReport(ShutdownPhase phase, Duration sinceShutdownBegan, Duration propagation, Duration drain,
		long lateRequestsWhilePropagating, long lateRequestsWhileDraining, Duration observedPropagationLag,
		int activeRequests, long abortedRequests, long connectionsToldToClose, long idleConnectionsClosed,
		long streamsEnded, Duration participants, long participantsAbortedTasks, boolean budgetOverran,
		@Nullable ShutdownTrigger trigger, long lateGrpcCallsWhilePropagating, long lateGrpcCallsWhileDraining,
		int activeGrpcCalls, long abortedGrpcCalls) {

	/**
	 * Capture the current state.
	 * @param timeline the timeline
	 * @param statistics the statistics
	 * @param inFlightRequests the requests in flight
	 * @return the report
	 */
	public static ShutdownReport capture(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests) {
		return new ShutdownReport(timeline.getPhase(), timeline.sinceShutdownBegan(),
				timeline.timeIn(ShutdownPhase.PROPAGATING), timeline.timeIn(ShutdownPhase.DRAINING),
				statistics.lateRequests(ShutdownPhase.PROPAGATING), statistics.lateRequests(ShutdownPhase.DRAINING),
				statistics.observedPropagationLag(), inFlightRequests.count(), statistics.abortedRequests(),
				statistics.connectionsToldToClose(), statistics.idleConnectionsClosed(), statistics.streamsEnded(),
				statistics.participantsDuration(), statistics.participantsAbortedTasks(), statistics.budgetOverran(),
				timeline.getTrigger(), statistics.lateGrpcCalls(ShutdownPhase.PROPAGATING),
				statistics.lateGrpcCalls(ShutdownPhase.DRAINING), inFlightRequests.grpcCount(),
				statistics.abortedGrpcCalls());
	}

	/**
	 * Return whether the shutdown is over and lost nothing: no request or task aborted,
	 * the grace period's budget held. The JVM then exits with status 0.
	 * @return whether the shutdown was clean
	 */
	public boolean isClean() {
		return this.phase == ShutdownPhase.STOPPED && this.abortedRequests == 0 && this.participantsAbortedTasks == 0
				&& !this.budgetOverran;
	}

	/**
	 * Return the report as one line of {@code key=value} pairs, for log pipelines to
	 * parse. Keys are only ever added, at the end.
	 * @return the report as a log line
	 */
	public String toLogLine() {
		return String.join(" ", "phase=" + this.phase.name().toLowerCase(Locale.ROOT),
				"total=" + format(this.sinceShutdownBegan), "propagation=" + format(this.propagation),
				"drain=" + format(this.drain), "late_requests_propagating=" + this.lateRequestsWhilePropagating,
				"late_requests_draining=" + this.lateRequestsWhileDraining,
				"observed_propagation_lag=" + format(this.observedPropagationLag),
				"active_requests=" + this.activeRequests, "aborted_requests=" + this.abortedRequests,
				"connections_told_to_close=" + this.connectionsToldToClose,
				"idle_connections_closed=" + this.idleConnectionsClosed, "streams_ended=" + this.streamsEnded,
				"participants=" + format(this.participants),
				"participants_aborted_tasks=" + this.participantsAbortedTasks, "budget_overran=" + this.budgetOverran,
				"trigger=" + ((this.trigger != null) ? this.trigger.name() : "none"),
				"triggered_at=" + ((this.trigger != null) ? this.trigger.formattedAt() : "none"),
				"trigger_caller=" + ((this.trigger != null && !this.trigger.caller().isEmpty())
						? this.trigger.caller() : "none"),
				"grpc_late_calls_propagating=" + this.lateGrpcCallsWhilePropagating,
				"grpc_late_calls_draining=" + this.lateGrpcCallsWhileDraining,
				"grpc_active_calls=" + this.activeGrpcCalls, "grpc_aborted_calls=" + this.abortedGrpcCalls);
	}

}

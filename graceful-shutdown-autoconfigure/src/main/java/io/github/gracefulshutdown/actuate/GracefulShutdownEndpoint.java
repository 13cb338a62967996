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

package io.github.gracefulshutdown.actuate;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownReport;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.ShutdownTrigger;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Read-only {@link Endpoint @Endpoint} showing the drain state: the phase, how long
 * shutdown has been running, how much of its budget is left, and the traffic it still
 * sees. It changes nothing.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@Endpoint(id = "gracefulshutdown")
public class GracefulShutdownEndpoint {

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final InFlightRequests inFlightRequests;

	private final Duration budget;

	/**
	 * Create a new {@link GracefulShutdownEndpoint}.
	 * @param timeline the timeline
	 * @param statistics the statistics
	 * @param inFlightRequests the requests in flight
	 * @param budget the time the sequence may take: propagation delay plus drain timeout
	 */
	public GracefulShutdownEndpoint(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, Duration budget) {
		this.timeline = timeline;
		this.statistics = statistics;
		this.inFlightRequests = inFlightRequests;
		this.budget = budget;
	}

	@ReadOperation
	public DrainStatus status() {
		ShutdownReport report = ShutdownReport.capture(this.timeline, this.statistics, this.inFlightRequests);
		Duration remaining = this.budget.minus(report.sinceShutdownBegan());
		ShutdownTrigger trigger = report.trigger();
		return new DrainStatus(report.phase().name().toLowerCase(Locale.ROOT),
				seconds(report.sinceShutdownBegan()), seconds(remaining.isNegative() ? Duration.ZERO : remaining),
				report.activeRequests(),
				Map.of(phase(ShutdownPhase.PROPAGATING), report.lateRequestsWhilePropagating(),
						phase(ShutdownPhase.DRAINING), report.lateRequestsWhileDraining()),
				seconds(report.observedPropagationLag()), report.abortedRequests(),
				Map.of("toldToClose", report.connectionsToldToClose(), "idle", report.idleConnectionsClosed(),
						"streamEnded", report.streamsEnded()),
				this.statistics.abandonedShutdowns(), (trigger != null) ? trigger.name() : null,
				(trigger != null) ? trigger.formattedAt() : null,
				(trigger != null && !trigger.caller().isEmpty()) ? trigger.caller() : null,
				new GrpcCalls(report.activeGrpcCalls(),
						Map.of(phase(ShutdownPhase.PROPAGATING), report.lateGrpcCallsWhilePropagating(),
								phase(ShutdownPhase.DRAINING), report.lateGrpcCallsWhileDraining()),
						report.abortedGrpcCalls()));
	}

	private static String phase(ShutdownPhase phase) {
		return phase.name().toLowerCase(Locale.ROOT);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * The drain state, durations in seconds.
	 *
	 * @param phase the current phase
	 * @param elapsedSeconds time since shutdown began
	 * @param remainingBudgetSeconds propagation delay plus drain timeout, minus the time
	 * elapsed
	 * @param activeRequests application requests in flight
	 * @param lateRequests application requests received after shutdown began, by phase
	 * @param observedPropagationLagSeconds time from the start of shutdown to the last
	 * application request received
	 * @param abortedRequests requests aborted when the drain timed out
	 * @param closedConnections connections the starter closed, by how
	 * @param abandonedShutdowns shutdowns a preStop call began that were abandoned, no
	 * SIGTERM having followed; the phase is then {@code running} again
	 * @param trigger what started the shutdown ({@code sigterm}, {@code sigint},
	 * {@code prestop}, {@code close}, {@code jvm-exit}), {@code null} while running
	 * @param triggeredAt when, in ISO-8601 form, {@code null} while running
	 * @param triggerCaller the address of the preStop call's caller, {@code null} for
	 * another trigger or when unknown
	 * @param grpc of the requests above, the gRPC calls
	 */
	public record DrainStatus(String phase, double elapsedSeconds, double remainingBudgetSeconds, int activeRequests,
			Map<String, Long> lateRequests, double observedPropagationLagSeconds, long abortedRequests,
			Map<String, Long> closedConnections, long abandonedShutdowns, @Nullable String trigger,
			@Nullable String triggeredAt, @Nullable String triggerCaller,
			GrpcCalls grpc) implements OperationResponseBody {

	}

	/**
	 * The gRPC calls among the requests, all zero without a gRPC server.
	 *
	 * @param activeCalls gRPC calls in flight
	 * @param lateCalls gRPC calls received after shutdown began, by phase
	 * @param abortedCalls gRPC calls cancelled when the drain timed out
	 */
	public record GrpcCalls(int activeCalls, Map<String, Long> lateCalls, long abortedCalls) {

	}

}

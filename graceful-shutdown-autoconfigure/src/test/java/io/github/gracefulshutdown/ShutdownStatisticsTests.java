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
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownStatistics} and {@link ShutdownReport}.
 */
class ShutdownStatisticsTests {

	private final AtomicLong nanos = new AtomicLong();

	private final ShutdownTimeline timeline = new ShutdownTimeline(this.nanos::get);

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	@Test
	void requestsBeforeShutdownAreNotLate() {
		this.statistics.requestReceived();
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
		assertThat(this.statistics.observedPropagationLag()).isZero();
	}

	@Test
	void aConnectionArrivingUncountedIsTrafficForTheQuietPeriodButNeitherALateRequestNorTheLag() {
		this.statistics.connectionArrived();
		assertThat(this.statistics.lastLateArrival()).isZero();
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		advance(Duration.ofMillis(300));
		this.statistics.requestReceived();
		advance(Duration.ofMillis(900));
		this.statistics.connectionArrived();
		assertThat(this.statistics.lastLateArrival()).isEqualTo(Duration.ofMillis(1200));
		assertThat(this.statistics.observedPropagationLag()).isEqualTo(Duration.ofMillis(300));
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isOne();
	}

	@Test
	void lateRequestsAreCountedPerPhaseAndTheLastOneGivesTheLag() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		advance(Duration.ofMillis(400));
		this.statistics.requestReceived();
		advance(Duration.ofMillis(1100));
		this.statistics.requestReceived();
		advance(Duration.ofSeconds(3));
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		this.statistics.requestReceived();
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(2);
		assertThat(this.statistics.lateRequests(ShutdownPhase.DRAINING)).isEqualTo(1);
		assertThat(this.statistics.lateRequests(ShutdownPhase.RUNNING)).isZero();
		assertThat(this.statistics.observedPropagationLag()).isEqualTo(Duration.ofMillis(4500));
	}

	@Test
	void reportCarriesEveryFigureOnOneLine() {
		InFlightRequests inFlightRequests = new InFlightRequests();
		inFlightRequests.begin("GET", "/slow");
		inFlightRequests.begin(InFlightRequests.GRPC, "test.Echo/Block");
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		advance(Duration.ofMillis(1500));
		this.statistics.requestReceived();
		this.statistics.grpcCallReceived();
		this.statistics.connectionToldToClose();
		this.statistics.connectionToldToClose();
		advance(Duration.ofMillis(3500));
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		this.statistics.idleConnectionsClosed(3);
		this.statistics.streamEnded();
		advance(Duration.ofMillis(250));
		this.statistics.requestsAborted(1);
		this.statistics.grpcCallsAborted(1);
		this.statistics.participantFinished("taskScheduler", Duration.ofMillis(40), 0);
		this.statistics.participantFinished("applicationTaskExecutor", Duration.ofMillis(1500), 2);
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		ShutdownReport report = ShutdownReport.capture(this.timeline, this.statistics, inFlightRequests);
		assertThat(report.toLogLine()).isEqualTo("phase=stopped total=5.250s propagation=5s drain=250ms "
				+ "late_requests_propagating=2 late_requests_draining=0 observed_propagation_lag=1.500s "
				+ "active_requests=2 aborted_requests=2 connections_told_to_close=2 idle_connections_closed=3 "
				+ "streams_ended=1 participants=1.540s participants_aborted_tasks=2 budget_overran=false "
				+ "trigger=none triggered_at=none trigger_caller=none grpc_late_calls_propagating=1 "
				+ "grpc_late_calls_draining=0 grpc_active_calls=1 grpc_aborted_calls=1");
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}

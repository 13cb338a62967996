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

import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link GracefulShutdownMetrics}.
 */
class GracefulShutdownMetricsTests {

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	private final InFlightRequests inFlightRequests = new InFlightRequests();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bind() {
		new GracefulShutdownMetrics(this.timeline, this.statistics, this.inFlightRequests, Tags.of("server", "tomcat"))
			.bindTo(this.registry);
	}

	@Test
	void phaseGaugeIsOneForTheCurrentPhaseOnly() {
		assertThat(phase("running")).isEqualTo(1);
		assertThat(phase("propagating")).isZero();
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		assertThat(phase("running")).isZero();
		assertThat(phase("propagating")).isEqualTo(1);
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		assertThat(phase("stopped")).isEqualTo(1);
		assertThat(phase("draining")).isZero();
	}

	@Test
	void phaseDurationGrowsWhileInThePhase() {
		assertThat(phaseDuration("propagating")).isZero();
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		assertThat(phaseDuration("propagating")).isPositive();
		assertThat(phaseDuration("draining")).isZero();
	}

	@Test
	void lateRequestsAreCountedPerPhaseAndGiveTheLag() {
		this.statistics.requestReceived();
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		this.statistics.requestReceived();
		this.statistics.requestReceived();
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		this.statistics.requestReceived();
		assertThat(this.registry.get(GracefulShutdownMetrics.LATE_REQUESTS_METRIC_NAME)
			.tags("phase", "propagating", "server", "tomcat", "protocol", "http")
			.functionCounter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(GracefulShutdownMetrics.LATE_REQUESTS_METRIC_NAME)
			.tags("phase", "draining", "protocol", "http")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(GracefulShutdownMetrics.PROPAGATION_LAG_METRIC_NAME)
			.timeGauge()
			// Through seconds as a double and back: exact to the nanosecond, not to the bit.
			.value(TimeUnit.NANOSECONDS)).isCloseTo(this.statistics.observedPropagationLag().toNanos(), within(1.0));
	}

	@Test
	void activeRequestsFollowTheRequestsInFlight() {
		InFlightRequests.Request request = this.inFlightRequests.begin("GET", "/");
		this.inFlightRequests.begin("GET", "/");
		assertThat(active("http")).isEqualTo(2);
		this.inFlightRequests.end(request);
		assertThat(active("http")).isEqualTo(1);
	}

	@Test
	void grpcCallsAreTheProtocolGrpcSeriesOfLateActiveAndAbortedRequests() {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		this.statistics.requestReceived();
		this.statistics.grpcCallReceived();
		this.statistics.grpcCallReceived();
		this.inFlightRequests.begin("GET", "/");
		this.inFlightRequests.begin(InFlightRequests.GRPC, "test.Echo/Block");
		this.statistics.requestsAborted(1);
		this.statistics.grpcCallsAborted(2);
		assertThat(late("http")).isEqualTo(1);
		assertThat(late("grpc")).isEqualTo(2);
		assertThat(active("http")).isEqualTo(1);
		assertThat(active("grpc")).isEqualTo(1);
		assertThat(aborted("http")).isEqualTo(1);
		assertThat(aborted("grpc")).isEqualTo(2);
	}

	private double late(String protocol) {
		return this.registry.get(GracefulShutdownMetrics.LATE_REQUESTS_METRIC_NAME)
			.tags("phase", "propagating", "protocol", protocol)
			.functionCounter()
			.count();
	}

	private double active(String protocol) {
		return this.registry.get(GracefulShutdownMetrics.ACTIVE_REQUESTS_METRIC_NAME)
			.tag("protocol", protocol)
			.gauge()
			.value();
	}

	private double aborted(String protocol) {
		return this.registry.get(GracefulShutdownMetrics.ABORTED_REQUESTS_METRIC_NAME)
			.tag("protocol", protocol)
			.functionCounter()
			.count();
	}

	@Test
	void abortedRequestsAndClosedConnectionsAreCounted() {
		this.statistics.requestsAborted(3);
		this.statistics.connectionToldToClose();
		this.statistics.idleConnectionsClosed(4);
		this.statistics.streamEnded();
		this.statistics.streamEnded();
		assertThat(aborted("http")).isEqualTo(3);
		assertThat(this.registry.get(GracefulShutdownMetrics.CLOSED_CONNECTIONS_METRIC_NAME)
			.tag("reason", "told_to_close")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(GracefulShutdownMetrics.CLOSED_CONNECTIONS_METRIC_NAME)
			.tag("reason", "idle")
			.functionCounter()
			.count()).isEqualTo(4);
		assertThat(this.registry.get(GracefulShutdownMetrics.CLOSED_CONNECTIONS_METRIC_NAME)
			.tag("reason", "stream_ended")
			.functionCounter()
			.count()).isEqualTo(2);
	}

	@Test
	void everyMeterCarriesTheServerTag() {
		assertThat(this.registry.getMeters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("server")).isEqualTo("tomcat"));
	}

	private double phase(String phase) {
		return this.registry.get(GracefulShutdownMetrics.PHASE_METRIC_NAME).tag("phase", phase).gauge().value();
	}

	private double phaseDuration(String phase) {
		return this.registry.get(GracefulShutdownMetrics.PHASE_DURATION_METRIC_NAME)
			.tag("phase", phase)
			.timeGauge()
			.value(TimeUnit.NANOSECONDS);
	}

}

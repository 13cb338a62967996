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

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownEndpoint}'s figures.
 */
class GracefulShutdownEndpointTests {

	@Test
	void theGrpcCallsAmongTheRequestsAreShownApart() {
		ShutdownTimeline timeline = new ShutdownTimeline();
		ShutdownStatistics statistics = new ShutdownStatistics(timeline);
		InFlightRequests inFlightRequests = new InFlightRequests();
		GracefulShutdownEndpoint endpoint = new GracefulShutdownEndpoint(timeline, statistics, inFlightRequests,
				Duration.ofSeconds(35));
		timeline.advanceTo(ShutdownPhase.PROPAGATING);
		statistics.requestReceived();
		statistics.grpcCallReceived();
		inFlightRequests.begin("GET", "/slow");
		inFlightRequests.begin(InFlightRequests.GRPC, "test.Echo/Block");
		timeline.advanceTo(ShutdownPhase.DRAINING);
		statistics.grpcCallReceived();
		statistics.grpcCallsAborted(1);
		GracefulShutdownEndpoint.DrainStatus status = endpoint.status();
		assertThat(status.activeRequests()).isEqualTo(2);
		assertThat(status.abortedRequests()).isEqualTo(1);
		assertThat(status.lateRequests()).containsEntry("propagating", 2L).containsEntry("draining", 1L);
		assertThat(status.grpc().activeCalls()).isEqualTo(1);
		assertThat(status.grpc().lateCalls()).containsEntry("propagating", 1L).containsEntry("draining", 1L);
		assertThat(status.grpc().abortedCalls()).isEqualTo(1);
	}

}

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

package io.github.gracefulshutdown.grpc;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link GrpcHealthReadiness} on a real health service, read through a real client.
 */
class GrpcHealthReadinessTests {

	private final HealthStatusManager manager = new HealthStatusManager();

	private final GrpcHealthReadiness readiness = new GrpcHealthReadiness(this.manager);

	private final Map<String, ServingStatus> setByCopy = new HashMap<>();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void startServer() throws Exception {
		this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
			.addService(this.manager.getHealthService())
			.build()
			.start();
		this.channel = Grpc
			.newChannelBuilderForAddress("localhost", this.server.getPort(), InsecureChannelCredentials.create())
			.build();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.channel.shutdownNow();
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void readinessDownTurnsEveryCopiedServiceNotServingAndBackUpRestoresWhatWasCopied() {
		copy("", ServingStatus.SERVING);
		copy("a.Service", ServingStatus.SERVING);
		copy("b.Service", ServingStatus.NOT_SERVING);
		readiness(ReadinessState.REFUSING_TRAFFIC);
		assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(health("a.Service")).isEqualTo(ServingStatus.NOT_SERVING);
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(health("")).isEqualTo(ServingStatus.SERVING);
		assertThat(health("a.Service")).isEqualTo(ServingStatus.SERVING);
		assertThat(health("b.Service")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void whileReadinessIsDownTheCopyCannotTurnAServiceBackToServing() {
		copy("a.Service", ServingStatus.SERVING);
		readiness(ReadinessState.REFUSING_TRAFFIC);
		copy("a.Service", ServingStatus.SERVING);
		copy("", ServingStatus.SERVING);
		assertThat(health("a.Service")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(health("a.Service")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aServiceNothingEverCopiedIsClearedAgainWhenReadinessComesBack() {
		copy("", ServingStatus.SERVING);
		readiness(ReadinessState.REFUSING_TRAFFIC);
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(health("")).isEqualTo(ServingStatus.SERVING);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> health("never.Copied"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
	}

	private void copy(String service, ServingStatus status) {
		this.readiness.copy(service, status, this.manager::setStatus);
	}

	private void readiness(ReadinessState state) {
		this.readiness.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
	}

	private ServingStatus health(String service) {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

}

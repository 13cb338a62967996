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

package io.github.gracefulshutdown.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;

import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.ShutdownBudget;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample starts with the starter's sequence in place and the local defaults.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.grpc.server.port=0")
class SampleApplicationTests {

	@Autowired
	private GracefulShutdownLifecycle lifecycle;

	@Autowired
	private ShutdownBudget budget;

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@LocalServerPort
	private int port;

	@Test
	void exposesTheShutdownMetersAndTheDrainState() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		String scrape = client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(scrape).contains("graceful_shutdown_phase{phase=\"running\",server=\"tomcat\"} 1.0");
		HttpResponse<String> status = client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/gracefulshutdown"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("\"phase\":\"running\"");
	}

	@Test
	void streamsServerSentEvents() throws Exception {
		HttpResponse<String> events = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/events?count=2")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(events.body().split("event:tick", -1)).hasSize(3);
	}

	@Test
	void servesUnaryAndServerStreamingGrpcCallsAndTheHealthService() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.grpcServer.getPort())
			.usePlaintext()
			.build();
		try {
			assertThat(ClientCalls.blockingUnaryCall(channel, WorkGrpcService.HELLO,
					CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "")).isEqualTo("hello");
			assertThat(ClientCalls.blockingUnaryCall(channel, WorkGrpcService.SLOW,
					CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "50"))
				.isEqualTo("done after 50ms");
			List<String> ticks = List.copyOf(toList(ClientCalls.blockingServerStreamingCall(channel,
					WorkGrpcService.TICKS, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "3")));
			assertThat(ticks).hasSize(3).allSatisfy((tick) -> assertThat(tick).startsWith("tick "));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> ClientCalls.blockingUnaryCall(channel, WorkGrpcService.SLOW,
						CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "soon"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
			assertThat(HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static <T> List<T> toList(Iterator<T> iterator) {
		List<T> list = new ArrayList<>();
		iterator.forEachRemaining(list::add);
		return list;
	}

	/**
	 * The sample's own configuration asks for a 30s drain timeout, but this is a test: its
	 * context closes without waiting, unless the test itself sets the keys.
	 */
	@Test
	void startsWithTheShutdownSequenceAndNoWaitInATest() {
		assertThat(this.lifecycle.isRunning()).isTrue();
		assertThat(this.budget.propagationDelay()).isZero();
		assertThat(this.budget.drainTimeout()).isZero();
	}

}

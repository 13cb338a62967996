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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManualPropagationEnd;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real gRPC server beside Tomcat, real grpc-java clients on a real port, and the
 * context closed on another thread as the JVM's shutdown hook closes it.
 */
@ExtendWith(OutputCaptureExtension.class)
class GrpcGracefulShutdownServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ManagedChannel> channels = new ArrayList<>();

	private ConfigurableApplicationContext context;

	private EchoService service;

	private int grpcPort;

	private ShutdownStatistics statistics;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.service.gate.countDown();
			this.context.close();
		}
		this.channels.forEach(ManagedChannel::shutdownNow);
		this.executor.shutdownNow();
	}

	@Test
	void theGrpcServerServesCallsOnNewAndOpenConnectionsThroughThePropagationPhase() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		ManagedChannel open = channel();
		assertThat(hello(open)).isEqualTo("hello before");
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		assertThat(hello(open)).isEqualTo("hello before");
		assertThat(hello(channel())).isEqualTo("hello before");
		assertThat(closing).isNotDone();
		propagationEnd().end();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(statistics().lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(2);
		assertThat(statistics().lateGrpcCalls(ShutdownPhase.PROPAGATING)).isEqualTo(2);
	}

	@Test
	void theHealthServiceSaysNotServingForTheServerAndEveryServiceAsSoonAsReadinessGoesDown() throws Exception {
		// Spring Boot copies its health to the health service every 5s by default.
		start("graceful-shutdown.propagation-delay=1m");
		ManagedChannel channel = channel();
		await().atMost(TIMEOUT).until(() -> health(channel, ""), (status) -> status == ServingStatus.SERVING);
		ApplicationAvailability availability = this.context.getBean(ApplicationAvailability.class);
		Future<?> closing = closeInBackground();
		await().atMost(TIMEOUT).until(availability::getReadinessState, ReadinessState.REFUSING_TRAFFIC::equals);
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(health(channel, "")).isEqualTo(ServingStatus.NOT_SERVING));
		assertThat(health(channel, EchoService.SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
		propagationEnd().end();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void springBootsPeriodicHealthCopyCannotTurnTheHealthServiceBackToServingDuringTheShutdown() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "spring.grpc.server.health.schedule.period=50ms",
				"spring.grpc.server.health.schedule.delay=0");
		ManagedChannel channel = channel();
		await().atMost(TIMEOUT).until(() -> health(channel, ""), (status) -> status == ServingStatus.SERVING);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		await().atMost(TIMEOUT).until(() -> health(channel, ""), (status) -> status == ServingStatus.NOT_SERVING);
		// Twenty copies and more.
		await().during(Duration.ofSeconds(1))
			.atMost(TIMEOUT)
			.until(() -> health(channel, ""), (status) -> status == ServingStatus.NOT_SERVING);
		propagationEnd().end();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void withAQuietPeriodANewGrpcConnectionIsTrafficThatPostponesTheEndOfThePropagationPhase() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "graceful-shutdown.quiet-period=2s",
				"graceful-shutdown.minimum-propagation-delay=0", "test.manual-propagation-end=false");
		ShutdownTimeline timeline = this.context.getBean(ShutdownTimeline.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		await().atMost(TIMEOUT).until(() -> timeline.sinceShutdownBegan().compareTo(Duration.ofSeconds(1)) >= 0);
		ManagedChannel channel = channel();
		channel.getState(true);
		await().atMost(TIMEOUT).until(() -> channel.getState(false) == ConnectivityState.READY);
		Duration connectedAt = timeline.sinceShutdownBegan();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// Without the connection as traffic, the phase would end 2s after shutdown began.
		assertThat(timeline.timeIn(ShutdownPhase.PROPAGATING))
			.isGreaterThanOrEqualTo(connectedAt.plus(Duration.ofMillis(1500)));
		assertThat(this.statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
	}

	@Test
	void atDrainStartConnectionsGoAwayNoNewOnesAreAcceptedAndCallsInFlightFinish() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		ManagedChannel open = channel();
		CompletableFuture<String> blocked = block(open);
		awaitInFlight(1);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		propagationEnd().end();
		awaitPhase(ShutdownPhase.DRAINING);
		// GOAWAY: the client takes the connection out of use, its call carrying on.
		await().atMost(TIMEOUT).until(() -> open.getState(false) != ConnectivityState.READY);
		assertThat(blocked).isNotDone();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> hello(channel()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(closing).isNotDone();
		this.service.gate.countDown();
		assertThat(blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("released");
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(statistics().abortedRequests()).isZero();
	}

	@Test
	void aCallOutlivingTheDrainTimeoutIsCancelledCountedAndLoggedWithoutHoldingTheClose(CapturedOutput output)
			throws Exception {
		// Spring gRPC's own grace period, 30s, would hold the close that long.
		start("graceful-shutdown.propagation-delay=1m", "graceful-shutdown.drain-timeout=1s");
		CompletableFuture<String> blocked = block(channel());
		awaitInFlight(1);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		propagationEnd().end();
		awaitPhase(ShutdownPhase.DRAINING);
		long drainStarted = System.nanoTime();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		Duration drained = Duration.ofNanos(System.nanoTime() - drainStarted);
		assertThat(drained).isLessThan(Duration.ofSeconds(10));
		assertThat(statistics().abortedRequests()).isEqualTo(1);
		assertThat(output).contains("1 call(s) still in flight, now cancelled: test.Echo/Block")
			.contains("aborted_requests=1 ")
			.contains("grpc_aborted_calls=1");
		assertThat(statistics().abortedGrpcCalls()).isEqualTo(1);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(Status.fromThrowable(ex.getCause()).getCode())
				.isIn(Status.Code.CANCELLED, Status.Code.UNAVAILABLE));
	}

	@Test
	void aServerStreamingCallEndsAtDrainStartWithAStatusClientsMayRetry() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
		ClientCalls.asyncServerStreamingCall(channel().newCall(EchoService.STREAM, CallOptions.DEFAULT), "s",
				new StreamObserver<>() {

					@Override
					public void onNext(String value) {
						received.add(value);
					}

					@Override
					public void onError(Throwable ex) {
						received.add(Status.fromThrowable(ex));
					}

					@Override
					public void onCompleted() {
						received.add("completed");
					}

				});
		assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("open");
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		propagationEnd().end();
		Object end = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(end).isInstanceOfSatisfying(Status.class,
				(status) -> assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		// The application, unaware, goes on sending: dropped, not thrown at it.
		this.service.stream.onNext("late");
		this.service.stream.onCompleted();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(statistics().streamsEnded()).isEqualTo(1);
		assertThat(statistics().abortedRequests()).isZero();
		assertThat(received).isEmpty();
	}

	@Test
	void aBidirectionalCallEndsAtDrainStartWithAStatusClientsMayRetry() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
		StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(
				channel().newCall(EchoService.CHAT, CallOptions.DEFAULT), new StreamObserver<>() {

					@Override
					public void onNext(String value) {
						received.add(value);
					}

					@Override
					public void onError(Throwable ex) {
						received.add(Status.fromThrowable(ex));
					}

					@Override
					public void onCompleted() {
						received.add("completed");
					}

				});
		requests.onNext("ping");
		assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ping");
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		requests.onNext("still here");
		assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("still here");
		propagationEnd().end();
		assertThat(received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOfSatisfying(Status.class,
				(status) -> assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.statistics.streamsEnded()).isEqualTo(1);
		assertThat(this.statistics.abortedRequests()).isZero();
	}

	private void start(String... properties) {
		this.context = new SpringApplicationBuilder(GrpcTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.grpc.server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		this.service = this.context.getBean(EchoService.class);
		this.grpcPort = this.context.getBean(GrpcServerLifecycle.class).getPort();
		this.statistics = this.context.getBean(ShutdownStatistics.class);
	}

	private ManagedChannel channel() {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.grpcPort).usePlaintext().build();
		this.channels.add(channel);
		return channel;
	}

	private static String hello(ManagedChannel channel) {
		return ClientCalls.blockingUnaryCall(channel, EchoService.HELLO,
				CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "before");
	}

	private static ServingStatus health(ManagedChannel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private CompletableFuture<String> block(ManagedChannel channel) {
		CompletableFuture<String> result = new CompletableFuture<>();
		ClientCalls.asyncUnaryCall(channel.newCall(EchoService.BLOCK, CallOptions.DEFAULT), "x",
				new StreamObserver<>() {

					@Override
					public void onNext(String value) {
						result.complete(value);
					}

					@Override
					public void onError(Throwable ex) {
						result.completeExceptionally(ex);
					}

					@Override
					public void onCompleted() {
					}

				});
		return result;
	}

	private Future<?> closeInBackground() {
		return this.executor.submit(this.context::close);
	}

	private ManualPropagationEnd propagationEnd() {
		return this.context.getBean(ManualPropagationEnd.class);
	}

	private ShutdownStatistics statistics() {
		return this.statistics;
	}

	private void awaitPhase(ShutdownPhase phase) {
		ShutdownTimeline timeline = this.context.getBean(ShutdownTimeline.class);
		await().atMost(TIMEOUT).until(timeline::getPhase, (current) -> current.compareTo(phase) >= 0);
	}

	private void awaitInFlight(int count) {
		InFlightRequests inFlightRequests = this.context.getBean(InFlightRequests.class);
		await().atMost(TIMEOUT).until(inFlightRequests::count, (current) -> current == count);
	}

}

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GracefulShutdownLifecycle}.
 */
class GracefulShutdownLifecycleTests {

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	private final List<AvailabilityChangeEvent<?>> published = new ArrayList<>();

	private final AtomicInteger drainStarts = new AtomicInteger();

	private final List<GracefulShutdownLifecycle> lifecycles = new ArrayList<>();

	@SuppressWarnings("unchecked")
	private final ApplicationEventPublisher publisher = (event) -> {
		AvailabilityChangeEvent<?> change = (AvailabilityChangeEvent<?>) event;
		this.published.add(change);
		this.availability.onApplicationEvent(change);
		if (change.getState() instanceof ReadinessState) {
			this.lifecycles.forEach((lifecycle) -> lifecycle
				.onApplicationEvent((AvailabilityChangeEvent<ReadinessState>) change));
		}
	};

	@Test
	void stopTakesReadinessDownOnceAndLeavesLivenessAlone() {
		AvailabilityChangeEvent.publish(this.publisher, this, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		lifecycle.stop(() -> {
		});
		lifecycle.beginPropagation();
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
		assertThat(this.published).<Object>extracting(AvailabilityChangeEvent::getState)
			.containsExactly(LivenessState.CORRECT, ReadinessState.ACCEPTING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.PROPAGATING);
		lifecycle.endPropagation();
	}

	@Test
	void whenReadinessIsAlreadyDownItIsNotPublishedAgain() {
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		lifecycle(Duration.ZERO).stop(() -> {
		});
		assertThat(this.published).hasSize(1);
	}

	@Test
	void withoutADelayTheDrainStartsBeforeStopReturns() {
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle(Duration.ZERO).stop(callback::countDown);
		assertThat(callback.getCount()).isZero();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
		assertThat(this.drainStarts).hasValue(1);
	}

	@Test
	void theDrainWaitsForTheEndOfThePropagationPhase() throws InterruptedException {
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isOne();
		assertThat(this.drainStarts).hasValue(0);
		lifecycle.endPropagation();
		assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
		assertThat(this.drainStarts).hasValue(1);
	}

	@Test
	void thePropagationPhaseEndsByItselfAfterTheDelay() throws InterruptedException {
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		long started = System.nanoTime();
		lifecycle(Duration.ofMillis(200)).stop(callback::countDown);
		assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(this.timeline.timeIn(ShutdownPhase.PROPAGATING)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void endingThePropagationPhaseBeforeShutdownDoesNotShortenIt() {
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		lifecycle.endPropagation();
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isOne();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.PROPAGATING);
		lifecycle.endPropagation();
	}

	@Test
	void anApplicationThatNeverReportedReadySkipsTheDelay() {
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle(Duration.ofMinutes(1)).stop(callback::countDown);
		assertThat(callback.getCount()).isZero();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
	}

	@Test
	void anApplicationThatWasReadyStillWaitsTheDelayWhenItsReadinessIsAlreadyDown() {
		CountDownLatch callback = new CountDownLatch(1);
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		ready();
		// As Spring Boot does when the context closes.
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isOne();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.PROPAGATING);
		lifecycle.endPropagation();
	}

	@Test
	void whenLessOfTheGracePeriodIsLeftThanTheDrainTimeoutTheDrainTimeoutIsCut() throws InterruptedException {
		AtomicLong nanos = new AtomicLong();
		List<Duration> cuts = new ArrayList<>();
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		lifecycle.setGracePeriodDeadline(
				new GracePeriodDeadline(Duration.ofSeconds(70), Duration.ofSeconds(2), nanos::get),
				Duration.ofSeconds(30), cuts::add);
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).as("a full propagation delay still fits").isOne();
		nanos.addAndGet(Duration.ofSeconds(60).toNanos());
		lifecycle.endPropagation();
		assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(cuts).containsExactly(Duration.ofSeconds(8));
	}

	@Test
	void whenEvenThePropagationDelayDoesNotFitItIsCutToo() {
		AtomicLong nanos = new AtomicLong();
		List<Duration> cuts = new ArrayList<>();
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(10), Duration.ofSeconds(2),
				nanos::get);
		lifecycle.setGracePeriodDeadline(deadline, Duration.ofSeconds(30), cuts::add);
		ready();
		// Beans in higher phases took the whole grace period but the margin to stop.
		deadline.start();
		nanos.addAndGet(Duration.ofSeconds(8).toNanos());
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isZero();
		assertThat(this.timeline.getPhase()).isEqualTo(ShutdownPhase.DRAINING);
		assertThat(cuts).containsExactly(Duration.ZERO);
	}

	@Test
	void whenTheSequenceFitsNothingIsCut() throws InterruptedException {
		List<Duration> cuts = new ArrayList<>();
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ofMinutes(1));
		lifecycle.setGracePeriodDeadline(new GracePeriodDeadline(Duration.ofSeconds(95), Duration.ofSeconds(2)),
				Duration.ofSeconds(30), cuts::add);
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle.stop(callback::countDown);
		lifecycle.endPropagation();
		assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(cuts).isEmpty();
	}

	@Test
	void queuedRequestsStartBeforeTheDrainGoesOnAndTheirWaitComesOutOfTheDrainTimeout() throws Exception {
		AtomicInteger queued = new AtomicInteger(3);
		List<Duration> cuts = new ArrayList<>();
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ZERO);
		lifecycle.setGracePeriodDeadline(new GracePeriodDeadline(null, Duration.ofSeconds(2)), Duration.ofSeconds(30),
				cuts::add);
		lifecycle.setQueuedRequests(List.of(queued::get));
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle.stop(callback::countDown);
		assertThat(this.drainStarts).hasValue(1);
		assertThat(callback.getCount()).as("waits while requests are queued").isOne();
		queued.set(0);
		assertThat(callback.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(cuts).singleElement()
			.satisfies((drainTimeout) -> assertThat(drainTimeout).isLessThan(Duration.ofSeconds(30))
				.isGreaterThan(Duration.ofSeconds(20)));
	}

	@Test
	void withNothingQueuedTheDrainTimeoutIsLeftAsConfigured() {
		List<Duration> cuts = new ArrayList<>();
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ZERO);
		lifecycle.setGracePeriodDeadline(new GracePeriodDeadline(null, Duration.ofSeconds(2)), Duration.ofSeconds(30),
				cuts::add);
		lifecycle.setQueuedRequests(List.of(() -> 0));
		ready();
		CountDownLatch callback = new CountDownLatch(1);
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isZero();
		assertThat(cuts).isEmpty();
	}

	@Test
	void aFailingDrainStartListenerDoesNotStopTheOthersOrTheDrain() {
		CountDownLatch callback = new CountDownLatch(1);
		GracefulShutdownLifecycle lifecycle = new GracefulShutdownLifecycle(this.timeline, Duration.ZERO,
				this.publisher, this.availability, List.of(() -> {
					throw new IllegalStateException("boom");
				}, this.drainStarts::incrementAndGet));
		lifecycle.stop(callback::countDown);
		assertThat(callback.getCount()).isZero();
		assertThat(this.drainStarts).hasValue(1);
	}

	private void ready() {
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void stopWithoutCallbackIsRefused() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> lifecycle(Duration.ZERO).stop());
	}

	@Test
	void stopsBeforeTheWebServersGracefulShutdownAndIsNotPauseable() {
		GracefulShutdownLifecycle lifecycle = lifecycle(Duration.ZERO);
		assertThat(lifecycle.getPhase()).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
		assertThat(lifecycle.isPauseable()).isFalse();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		lifecycle.stop(() -> {
		});
		assertThat(lifecycle.isRunning()).isFalse();
	}

	private GracefulShutdownLifecycle lifecycle(Duration propagationDelay) {
		GracefulShutdownLifecycle lifecycle = new GracefulShutdownLifecycle(this.timeline, propagationDelay,
				this.publisher, this.availability, List.of(this.drainStarts::incrementAndGet));
		this.lifecycles.add(lifecycle);
		return lifecycle;
	}

}

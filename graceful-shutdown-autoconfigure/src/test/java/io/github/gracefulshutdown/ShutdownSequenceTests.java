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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShutdownSequence} through the lifecycle beans that run it, in a real
 * application context: Spring's own lifecycle processor gives each phase its timeout,
 * and a stand-in for Spring Boot's graceful shutdown holds the drain phase as an
 * in-flight request would.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownSequenceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
		.withBean(ManualPropagationEnd.class)
		.withBean(DrainStandIn.class)
		.withPropertyValues("graceful-shutdown.propagation-delay=1m");

	@Test
	void theSequenceRunsStepByStepOnTheClosingThread() {
		this.contextRunner.run((context) -> {
			ready(context);
			AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			DrainStandIn drain = context.getBean(DrainStandIn.class);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(TIMEOUT).until(timeline::getPhase, ShutdownPhase.PROPAGATING::equals);
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			assertThat(drain.started.getCount()).isOne();
			context.getBean(ManualPropagationEnd.class).end();
			closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
			assertThat(drain.started.getCount()).isZero();
		});
	}

	@Test
	void drainStartWorkIsChargedToTheDrainTimeout() {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain-timeout=2s")
			.withBean("slowClose", DrainStartListener.class, () -> () -> {
				// A WebSocket close that blocks, as Tomcat's Jakarta session.close can.
				parkFor(Duration.ofMillis(1500));
			})
			.run((context) -> {
				ready(context);
				context.getBean(ManualPropagationEnd.class).end();
				DrainStandIn drain = context.getBean(DrainStandIn.class);
				drain.hold = true;
				long started = System.nanoTime();
				context.close();
				Duration drained = Duration.ofNanos(System.nanoTime() - started);
				// 1.5s of drain-start work out of 2s: Spring Boot's drain gets what is left.
				assertThat(drain.timeout).isBetween(0L, 500L);
				assertThat(drained).isLessThan(Duration.ofMillis(2800));
			});
	}

	@Test
	void aFailingDrainStartStepStillStartsTheDrainAtOnce(CapturedOutput output) {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain-timeout=20s")
			.withBean("failingListener", DrainStartListener.class, () -> () -> {
				throw new IllegalStateException("listener boom");
			})
			.withBean("failingQueue", QueuedRequests.class, () -> () -> {
				throw new IllegalStateException("queue boom");
			})
			.run((context) -> {
				ready(context);
				context.getBean(ManualPropagationEnd.class).end();
				DrainStandIn drain = context.getBean(DrainStandIn.class);
				long started = System.nanoTime();
				context.close();
				// Had the hand-over been skipped, Spring would wait out the phase's timeout.
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				assertThat(drain.started.getCount()).isZero();
				assertThat(output).contains("listener boom").contains("queue boom");
			});
	}

	@Test
	void aChildContextClosingDoesNotStartTheGracePeriodCountdown() {
		AtomicLong now = new AtomicLong();
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(30), Duration.ofSeconds(2), now::get);
		GenericApplicationContext context = new GenericApplicationContext();
		context.refresh();
		ShutdownSequence sequence = sequence(context, deadline);
		GenericApplicationContext child = new GenericApplicationContext();
		child.setParent(context);
		sequence.onApplicationEvent(new ContextClosedEvent(child));
		now.set(Duration.ofSeconds(20).toNanos());
		sequence.onApplicationEvent(new ContextClosedEvent(context));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(28));
		assertThat(sequence.isShuttingDown()).isTrue();
	}

	@Test
	void pauseAndRestartLeaveTheApplicationServingAsBefore() {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			context.getSourceApplicationContext().pause();
			context.start();
			context.stop();
			context.start();
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.RUNNING);
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(context.getBean(DrainStandIn.class).started.getCount()).isOne();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(TIMEOUT).until(timeline::getPhase, ShutdownPhase.PROPAGATING::equals);
			context.getBean(ManualPropagationEnd.class).end();
			closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
		});
	}

	@Test
	void noLifecycleOfTheSequenceIsPauseable() {
		this.contextRunner.run((context) -> assertThat(context.getBeansOfType(ShutdownStepLifecycle.class).values())
			.hasSize(4)
			.allSatisfy((lifecycle) -> assertThat(lifecycle.isPauseable()).isFalse()));
	}

	@Test
	void aTimeoutPerShutdownPhaseSetAloneBecomesTheDrainTimeout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ShutdownBudget.class).drainTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(drainPhaseTimeout(context)).isEqualTo(20_000L);
			assertThat(output).containsOnlyOnce(
					"Using spring.lifecycle.timeout-per-shutdown-phase (20s) as the drain timeout");
		});
	}

	@Test
	void aTimeoutPerShutdownPhaseThatAgreesWithTheDrainTimeoutIsAccepted() {
		this.contextRunner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s", "graceful-shutdown.drain-timeout=20s")
			.run((context) -> assertThat(context.getBean(ShutdownBudget.class).drainTimeout())
				.isEqualTo(Duration.ofSeconds(20)));
	}

	private static ShutdownSequence sequence(ApplicationContext context, GracePeriodDeadline deadline) {
		ShutdownTimeline timeline = new ShutdownTimeline();
		ShutdownStatistics statistics = new ShutdownStatistics(timeline);
		InFlightRequests inFlightRequests = new InFlightRequests();
		DrainParticipants participants = new DrainParticipants(List::of, statistics);
		return new ShutdownSequence(context, new ApplicationAvailabilityBean(),
				timeline, deadline, Duration.ZERO, PropagationEnd.FIXED_DELAY, new DrainStart(List.of(), List.of()),
				new DrainTimeout(context.getBeanProvider(ShutdownBudget.class)), participants,
				new DrainOutcome(timeline, inFlightRequests, statistics), statistics, PreStopBound.DEFAULT,
				new TerminationMessage(""), new ShutdownProgress(timeline, inFlightRequests, participants, null));
	}

	private static void ready(AssertableWebApplicationContext context) {
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
	}

	@SuppressWarnings("unchecked")
	private static long drainPhaseTimeout(ApplicationContext context) {
		// DefaultLifecycleProcessor has no getter for the timeouts of individual phases.
		Map<Integer, Long> timeouts = (Map<Integer, Long>) ReflectionTestUtils
			.getField(context.getBean("lifecycleProcessor"), "timeoutsForShutdownPhases");
		return timeouts.get(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
	}

	private static void parkFor(Duration duration) {
		CountDownLatch never = new CountDownLatch(1);
		try {
			// Stands in for a blocking close: nothing will count this latch down.
			never.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stands in for Spring Boot's graceful shutdown: it records the timeout Spring gives its
	 * phase and, when told to hold, holds the phase as a request in flight would, until
	 * that timeout runs out.
	 */
	static class DrainStandIn implements SmartLifecycle {

		final CountDownLatch started = new CountDownLatch(1);

		volatile boolean hold;

		volatile long timeout = -1;

		private volatile boolean running;

		private final ApplicationContext context;

		DrainStandIn(ApplicationContext context) {
			this.context = context;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void stop(Runnable callback) {
			this.running = false;
			if (!this.context.getBean(ShutdownTimeline.class).isShuttingDown()) {
				callback.run();
				return;
			}
			this.timeout = drainPhaseTimeout(this.context);
			this.started.countDown();
			if (!this.hold) {
				callback.run();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
		}

		@Override
		public boolean isPauseable() {
			return false;
		}

	}

}

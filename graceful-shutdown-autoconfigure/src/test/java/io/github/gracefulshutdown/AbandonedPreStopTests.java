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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gracefulshutdown.ShutdownSequenceTests.DrainStandIn;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpointAutoConfiguration;
import io.github.gracefulshutdown.metrics.GracefulShutdownMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A preStop call that no close of the context follows is abandoned once its bound is
 * over, in a real application context: the propagation phase runs for real (a fixed
 * 300 ms delay), the bound is cut to 200 ms, and a stand-in for Spring Boot's graceful
 * shutdown holds the drain phase's place.
 */
@ExtendWith(OutputCaptureExtension.class)
class AbandonedPreStopTests {

	private static final Duration DELAY = Duration.ofMillis(300);

	private static final Duration BOUND = Duration.ofMillis(200);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String CALLER = "10.1.2.3";

	private final WebApplicationContextRunner contextRunner = contextRunner(BOUND);

	private static WebApplicationContextRunner contextRunner(Duration bound) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
					LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class,
					GracefulShutdownEndpointAutoConfiguration.class, GracefulShutdownMetricsAutoConfiguration.class))
			.withBean(DrainStandIn.class)
			.withBean(PreStopBound.class, () -> new PreStopBound(bound))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("graceful-shutdown.propagation-delay=" + DELAY.toMillis() + "ms",
					"management.endpoints.web.exposure.include=gracefulshutdown");
	}

	@Test
	void aPreStopCallThatNoCloseFollowsIsAbandonedOnceItsBoundIsOver(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			assertThat(lifecycle(context).preStop(CALLER)).isTrue();
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 1);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.RUNNING);
			// What the filters read to add Connection: close.
			assertThat(timeline.isShuttingDown()).isFalse();
			assertThat(timeline.sinceShutdownBegan()).isZero();
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(output).contains("WARN")
				.contains("Abandoning the shutdown begun by the preStop call from " + CALLER);
			assertThat(context.getBean(GracefulShutdownEndpoint.class).status().abandonedShutdowns()).isOne();
			assertThat(context.getBean(GracefulShutdownEndpoint.class).status().phase()).isEqualTo("running");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("gracefulShutdownMetrics", MeterBinder.class).bindTo(registry);
			assertThat(registry.get("graceful.shutdown.abandoned").functionCounter().count()).isOne();
		});
	}

	@Test
	void aShutdownAfterAnAbandonedPreStopCallRunsInFull(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			lifecycle(context).preStop(CALLER);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			DrainStandIn drain = context.getBean(DrainStandIn.class);
			await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 1);
			context.close();
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
			// Its own propagation phase, the whole delay, not the abandoned one's.
			assertThat(timeline.timeIn(ShutdownPhase.PROPAGATING)).isBetween(DELAY, TIMEOUT);
			assertThat(output.toString().split("Commencing propagation phase", -1)).hasSize(3);
			assertThat(drain.started.getCount()).isZero();
		});
	}

	@Test
	void aCloseThatFollowsThePreStopCallInTimeIsNeverAbandonedAndOnlyDrains(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			lifecycle(context).preStop(CALLER);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
			// Past the bound, the watch has seen the close and undone nothing.
			await().during(BOUND.multipliedBy(3))
				.atMost(TIMEOUT)
				.until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 0);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
			assertThat(output.toString().split("Commencing propagation phase", -1)).hasSize(2);
			assertThat(output).doesNotContain("Abandoning");
		});
	}

	@Test
	void aCloseAtTheMomentTheBoundEndsEitherFollowsACompleteAbandonOrPreventsIt() {
		// A zero bound: the watch abandons as soon as the call has answered, racing the
		// close. Whichever wins, the close ends in a complete sequence of its own.
		for (int i = 0; i < 20; i++) {
			contextRunner(Duration.ZERO).withPropertyValues("graceful-shutdown.propagation-delay=0")
				.run((context) -> {
					ready(context);
					ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
					ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
					ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
					DrainStandIn drain = context.getBean(DrainStandIn.class);
					lifecycle(context).preStop(CALLER);
					context.close();
					assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
					assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
					assertThat(drain.started.getCount()).isZero();
					assertThat(statistics.abandonedShutdowns()).isLessThanOrEqualTo(1);
				});
		}
	}

	@Test
	void anotherPreStopCallAfterAnAbandonBeginsANewPropagationPhase() {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			lifecycle(context).preStop(CALLER);
			await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 1);
			long started = System.nanoTime();
			assertThat(lifecycle(context).preStop("10.9.8.7")).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(DELAY);
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.PROPAGATING);
			await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 2);
		});
	}

	@Test
	void theBoundIsCutToWhatIsLeftOfTheGracePeriod() {
		AtomicLong now = new AtomicLong();
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(10), Duration.ofSeconds(2),
				now::get);
		deadline.start();
		now.set(Duration.ofSeconds(5).toNanos());
		assertThat(PreStopBound.DEFAULT.cappedBy(deadline)).isEqualTo(Duration.ofSeconds(3));
		GracePeriodDeadline unknown = new GracePeriodDeadline(null, Duration.ofSeconds(2), now::get);
		assertThat(PreStopBound.DEFAULT.cappedBy(unknown)).isEqualTo(Duration.ofSeconds(10));
	}

	private static GracefulShutdownLifecycle lifecycle(AssertableWebApplicationContext context) {
		return context.getBean(GracefulShutdownLifecycle.class);
	}

	private static void ready(AssertableWebApplicationContext context) {
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
	}

}

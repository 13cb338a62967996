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
import java.time.Instant;

import io.github.gracefulshutdown.ShutdownSequenceTests.DrainStandIn;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpoint.DrainStatus;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShutdownTrigger}: what started a shutdown, as the first log line, the
 * final report and the endpoint say it, in a real application context.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownTriggerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String CALLER = "10.1.2.3";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class,
				GracefulShutdownEndpointAutoConfiguration.class))
		.withBean(DrainStandIn.class)
		.withBean(PreStopBound.class, () -> new PreStopBound(Duration.ofMillis(200)))
		.withPropertyValues("graceful-shutdown.propagation-delay=100ms",
				"management.endpoints.web.exposure.include=gracefulshutdown");

	@Test
	void aCloseOfTheContextIsTheTriggerOfItsShutdown(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			assertThat(timeline.getTrigger()).isNull();
			assertThat(endpoint(context).trigger()).isNull();
			Instant before = Instant.now();
			context.close();
			ShutdownTrigger trigger = timeline.getTrigger();
			assertThat(trigger).isNotNull();
			assertThat(trigger.kind()).isEqualTo(ShutdownTrigger.Kind.CLOSE);
			assertThat(trigger.at()).isBetween(before, Instant.now());
			assertThat(output).contains("Commencing propagation phase on a close of the application context at "
					+ trigger.formattedAt() + ": readiness is down");
			assertThat(output).containsPattern("Graceful shutdown finished: .* budget_overran=false trigger=close "
					+ "triggered_at=" + trigger.formattedAt() + " trigger_caller=none grpc_late_calls_propagating=");
		});
	}

	@Test
	void aPreStopCallIsTheTriggerWithItsCallerAndTheCloseThatFollowsKeepsIt(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			context.getBean(GracefulShutdownLifecycle.class).preStop(CALLER);
			DrainStatus status = endpoint(context);
			assertThat(status.trigger()).isEqualTo("prestop");
			assertThat(status.triggerCaller()).isEqualTo(CALLER);
			assertThat(status.triggeredAt()).isNotNull();
			context.close();
			assertThat(output).contains("Commencing propagation phase on the preStop call from " + CALLER + " at ")
				.contains(" trigger=prestop triggered_at=" + status.triggeredAt() + " trigger_caller=" + CALLER);
		});
	}

	@Test
	void anAbandonedPreStopCallIsNotTheTriggerOfTheNextShutdown(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			ready(context);
			context.getBean(GracefulShutdownLifecycle.class).preStop(CALLER);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 1);
			assertThat(context.getBean(ShutdownTimeline.class).getTrigger()).isNull();
			assertThat(endpoint(context).trigger()).isNull();
			context.close();
			assertThat(output).contains(" trigger=close ");
		});
	}

	@Test
	void onlyTheFirstTriggerIsRecorded() {
		ShutdownTimeline timeline = new ShutdownTimeline();
		ShutdownTrigger first = ShutdownTrigger.now(ShutdownTrigger.Kind.SIGTERM);
		assertThat(timeline.recordTrigger(first)).isTrue();
		assertThat(timeline.recordTrigger(ShutdownTrigger.now(ShutdownTrigger.Kind.SIGINT))).isFalse();
		assertThat(timeline.getTrigger()).isSameAs(first);
	}

	@Test
	void namesAndDescriptionsSayWhatStartedTheShutdown() {
		Instant at = Instant.parse("2026-12-02T13:30:00.123456Z");
		assertThat(new ShutdownTrigger(ShutdownTrigger.Kind.JVM_EXIT, "", at).name()).isEqualTo("jvm-exit");
		assertThat(new ShutdownTrigger(ShutdownTrigger.Kind.SIGTERM, "", at).describe())
			.isEqualTo("SIGTERM at 2026-12-02T13:30:00.123Z");
		assertThat(new ShutdownTrigger(ShutdownTrigger.Kind.PRESTOP, CALLER, at).describe())
			.isEqualTo("the preStop call from 10.1.2.3 at 2026-12-02T13:30:00.123Z");
		assertThat(new ShutdownTrigger(ShutdownTrigger.Kind.PRESTOP, "", at).describe())
			.isEqualTo("the preStop call at 2026-12-02T13:30:00.123Z");
	}

	private static DrainStatus endpoint(AssertableWebApplicationContext context) {
		return context.getBean(GracefulShutdownEndpoint.class).status();
	}

	private static void ready(AssertableWebApplicationContext context) {
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
	}

}

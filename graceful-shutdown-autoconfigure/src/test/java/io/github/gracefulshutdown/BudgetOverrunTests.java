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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.ShutdownSequenceTests.DrainStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a shutdown overran its budget, in a real context: a bean that stops before the
 * sequence uses up so much of a 2.5s grace period that the 500ms propagation delay has
 * to be cut by more than {@link ShutdownSequence#OVERRUN_TOLERANCE}, which makes the
 * shutdown unclean.
 */
@ExtendWith(OutputCaptureExtension.class)
class BudgetOverrunTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
		.withBean(DrainStandIn.class)
		.withPropertyValues("graceful-shutdown.propagation-delay=500ms", "graceful-shutdown.drain-timeout=0",
				"graceful-shutdown.termination-grace-period=2500ms");

	@Test
	void aPropagationDelayCutToFitTheGracePeriodIsAnOverrun(CapturedOutput output) {
		this.contextRunner.withBean("slowToStop", SmartLifecycle.class, () -> new SlowToStop(Duration.ofMillis(400)))
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
				context.close();
				assertThat(statistics.budgetOverran()).isTrue();
				assertThat(output).contains("cutting the propagation delay from 500ms to")
					.contains(" budget_overran=true ");
			});
	}

	@Test
	void aShutdownThatFitsItsGracePeriodIsNoOverrunThoughPhasesStartAMomentLate(CapturedOutput output) {
		// 500ms + 0 + 2s: an exact fit, the moments before the phase starts cut a few ms.
		this.contextRunner.run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
			context.close();
			assertThat(statistics.budgetOverran()).isFalse();
			assertThat(output).contains(" budget_overran=false ");
		});
	}

	/**
	 * Stops before the sequence begins, as a message listener container finishing its
	 * batch would, taking its time.
	 */
	static final class SlowToStop implements SmartLifecycle {

		private final Duration stopping;

		private volatile boolean running;

		SlowToStop(Duration stopping) {
			this.stopping = stopping;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			try {
				// Simulated work left to finish: nothing counts this latch down.
				new CountDownLatch(1).await(this.stopping.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MAX_VALUE;
		}

	}

}

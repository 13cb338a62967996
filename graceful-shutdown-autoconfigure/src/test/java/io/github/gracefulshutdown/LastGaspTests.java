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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gracefulshutdown.ShutdownSequenceTests.DrainStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LastGasp}, with grace periods of a little more than its lead, so that
 * it comes within moments.
 */
@ExtendWith(OutputCaptureExtension.class)
class LastGaspTests {

	@TempDir
	Path dir;

	@Test
	void comesAboutASecondBeforeTheGracePeriodEndsWithWhatStillRuns(CapturedOutput output) throws IOException {
		Path file = Files.writeString(this.dir.resolve("termination-log"), "");
		TerminationMessage message = new TerminationMessage(file.toString());
		GracePeriodDeadline deadline = new GracePeriodDeadline(LastGasp.LEAD.plusMillis(300),
				ShutdownBudget.SAFETY_MARGIN);
		LastGasp lastGasp = new LastGasp(deadline, () -> "phase=draining; requests in flight: GET /slow",
				message);
		long started = System.nanoTime();
		deadline.start();
		lastGasp.arm();
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(file).startsWith("Last gasp"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(file).hasContent("Last gasp, about 1s before SIGKILL: phase=draining; requests in flight: GET /slow");
		assertThat(output).contains("WARN")
			.contains("About 1s of the grace period left and the shutdown is not over, SIGKILL is coming: "
					+ "phase=draining; requests in flight: GET /slow");
	}

	@Test
	void aCancelledLastGaspNeverComes() {
		AtomicInteger asked = new AtomicInteger();
		GracePeriodDeadline deadline = new GracePeriodDeadline(LastGasp.LEAD.plusMillis(200),
				ShutdownBudget.SAFETY_MARGIN);
		LastGasp lastGasp = new LastGasp(deadline, () -> {
			asked.incrementAndGet();
			return "";
		}, new TerminationMessage(""));
		deadline.start();
		lastGasp.arm();
		lastGasp.cancel();
		// Well past the time it would have come.
		await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 0);
	}

	@Test
	void aLastGaspArmedTwiceComesOnce() {
		AtomicInteger asked = new AtomicInteger();
		GracePeriodDeadline deadline = new GracePeriodDeadline(LastGasp.LEAD.plusMillis(100),
				ShutdownBudget.SAFETY_MARGIN);
		LastGasp lastGasp = new LastGasp(deadline, () -> {
			asked.incrementAndGet();
			return "";
		}, new TerminationMessage(""));
		deadline.start();
		lastGasp.arm();
		lastGasp.arm();
		await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 1);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);
	}

	@Test
	void anAbandonedPreStopCallTakesItsLastGaspAlong(CapturedOutput output) throws IOException {
		Path file = Files.writeString(this.dir.resolve("termination-log"), "");
		// The last gasp would come 1.5s after the call; the abandon comes after 300ms + 200ms.
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
					LifecycleAutoConfiguration.class, GracefulShutdownAutoConfiguration.class))
			.withBean(DrainStandIn.class)
			.withBean(PreStopBound.class, () -> new PreStopBound(Duration.ofMillis(200)))
			.withPropertyValues("graceful-shutdown.propagation-delay=300ms", "graceful-shutdown.drain-timeout=0",
					"graceful-shutdown.termination-grace-period=2500ms",
					"graceful-shutdown.termination-message-path=" + file)
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				long called = System.nanoTime();
				context.getBean(GracefulShutdownLifecycle.class).preStop("10.1.2.3");
				ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
				await().atMost(Duration.ofSeconds(30)).until(statistics::abandonedShutdowns, (n) -> n == 1);
				assertThat(Duration.ofNanos(System.nanoTime() - called)).isLessThan(Duration.ofMillis(1500));
				// Until well past the time the last gasp would have come.
				await().during(Duration.ofMillis(2000))
					.atMost(Duration.ofSeconds(5))
					.until(() -> !output.toString().contains("SIGKILL is coming"));
				assertThat(file).isEmptyFile();
			});
	}

	@Test
	void withoutAGracePeriodNothingIsArmed() {
		AtomicInteger asked = new AtomicInteger();
		GracePeriodDeadline deadline = new GracePeriodDeadline(null, ShutdownBudget.SAFETY_MARGIN);
		LastGasp lastGasp = new LastGasp(deadline, () -> {
			asked.incrementAndGet();
			return "";
		}, new TerminationMessage(""));
		deadline.start();
		lastGasp.arm();
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 0);
	}

}

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

package io.github.gracefulshutdown.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.ShutdownBudget;
import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JVM receives a real SIGTERM: readiness goes down at once, liveness stays up and
 * the application keeps serving through the propagation delay, then it drains and exits.
 */
class SigtermTests {

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(3);

	private static final Duration READINESS_BOUND = Duration.ofMillis(50);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"sigterm");

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void sigtermWhileStillStartingExitsWithoutThePropagationDelay(WebServer server) throws Exception {
		try (Pod pod = Pod.start("starting-" + server.name().toLowerCase(), server, Pod.freePort(), WORK_DIR,
				"spring.main.cloud-platform=kubernetes", "pod.startup-work=1m")) {
			// The server is up, the startup work is running, readiness is not up yet.
			await().atMost(Duration.ofSeconds(60)).until(() -> pod.probe("/actuator/health/liveness") == 200);
			assertThat(pod.probe("/actuator/health/readiness")).isEqualTo(503);
			pod.terminate();
			Duration exit = pod.awaitExit(Duration.ofSeconds(30));
			System.out.printf("%s: SIGTERM while starting, exit after %d ms%n", server, exit.toMillis());
			ShutdownLog log = ShutdownLog.of(pod.log());
			assertThat(log.lines()).as("%s", log)
				.anyMatch((line) -> line.contains("Skipping the propagation phase"))
				.noneMatch((line) -> line.contains("Commencing propagation phase"));
			assertThat(log.duration("propagation")).as("%s", log).isLessThan(ShutdownAssertions.STALL);
			assertThat(exit).as("%s", log).isLessThan(ShutdownBudget.KUBERNETES_PROPAGATION_DELAY);
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void moreSignalsDuringShutdownNeitherRepeatTheDelayNorFail(WebServer server) throws Exception {
		try (Pod pod = Pod.start("signals-" + server.name().toLowerCase(), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms")) {
			pod.awaitReady(Duration.ofSeconds(60));
			pod.terminate();
			await().atMost(Duration.ofSeconds(5)).until(() -> pod.probe("/actuator/health/readiness") == 503);
			pod.signal("TERM");
			pod.signal("INT");
			assertThat(pod.probe("/work")).as("still serving after more signals").isEqualTo(200);
			Duration exit = pod.awaitExit(Duration.ofSeconds(30));
			ShutdownLog log = ShutdownLog.of(pod.log());
			assertThat(log.lines()).as("%s", log)
				.filteredOn((line) -> line.contains("Commencing propagation phase"))
				.hasSize(1);
			assertThat(log.lines()).as("%s", log)
				.noneMatch((line) -> line.contains(" ERROR ") || line.contains("Exception"));
			ShutdownAssertions.assertExitedRightAfterTheDelay(exit, log, PROPAGATION_DELAY, Duration.ZERO);
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void sigtermTakesReadinessDownAtOnceKeepsServingThroughTheDelayThenExits(WebServer server) throws Exception {
		try (Pod pod = Pod.start("sigterm-" + server.name().toLowerCase(), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms")) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnection keptAlive = RawHttpConnection.open(pod.port())) {
				Response beforeSignal = keptAlive.exchange("GET", "/work");
				assertThat(beforeSignal.status()).isEqualTo(200);
				assertThat(beforeSignal.closesConnection()).isFalse();

				ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor();
				pod.terminate();
				long signalled = System.nanoTime();
				// A readiness probe sent 50 ms after the signal must already see 503.
				ScheduledFuture<Integer> probeAfterBound = kubelet.schedule(
						() -> pod.probe("/actuator/health/readiness"), READINESS_BOUND.toMillis(), TimeUnit.MILLISECONDS);
				await().atMost(Duration.ofSeconds(5))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> pod.probe("/actuator/health/readiness") == 503);
				Duration readinessDown = Duration.ofNanos(System.nanoTime() - signalled);
				assertThat(probeAfterBound.get(5, TimeUnit.SECONDS)).isEqualTo(503);
				kubelet.shutdown();

				assertThat(pod.probe("/actuator/health/liveness")).isEqualTo(200);
				Response onKeptAlive = keptAlive.exchange("GET", "/work");
				assertThat(onKeptAlive.status()).isEqualTo(200);
				assertThat(onKeptAlive.closesConnection()).isTrue();
				try (RawHttpConnection fresh = RawHttpConnection.open(pod.port())) {
					Response onNewConnection = fresh.exchange("POST", "/work");
					assertThat(onNewConnection.status()).isEqualTo(200);
					assertThat(onNewConnection.closesConnection()).isTrue();
				}
				assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(PROPAGATION_DELAY);

				Duration exit = pod.awaitExit(Duration.ofSeconds(30));
				System.out.printf("%s: first 503 seen %d ms after SIGTERM, exit after %d ms%n", server,
						readinessDown.toMillis(), exit.toMillis());
				ShutdownLog log = ShutdownLog.of(pod.log());
				assertThat(log.lines()).anyMatch((line) -> line.contains("Propagation phase over"));
				// Nothing was in flight when the propagation phase ended.
				ShutdownAssertions.assertExitedRightAfterTheDelay(exit, log, PROPAGATION_DELAY, Duration.ZERO);
			}
		}
	}

}

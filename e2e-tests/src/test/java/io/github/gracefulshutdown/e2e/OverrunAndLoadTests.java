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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import io.github.gracefulshutdown.web.RawHttpConnections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real JVMs receive SIGTERM with more work in flight than usual: requests that outlive
 * the drain timeout, and a thousand slow requests at once.
 */
class OverrunAndLoadTests {

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(1);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"overrun-and-load");

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void requestsOutlivingTheDrainTimeoutAreAbortedCountedExactlyAndThePodStillExitsOnTime(WebServer server)
			throws Exception {
		int overrunning = 3;
		Duration drainTimeout = Duration.ofSeconds(2);
		try (Pod pod = Pod.start("overrun-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"graceful-shutdown.drain-timeout=" + drainTimeout.toMillis() + "ms",
				"management.endpoints.web.exposure.include=health,prometheus")) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnections connections = new RawHttpConnections()) {
				for (int i = 0; i < overrunning; i++) {
					RawHttpConnection connection = connections.open(pod.port());
					connection.send("GET", "/work?ms=600000");
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> pod.activeRequests() == overrunning);
				pod.terminate();
				Duration exit = pod.awaitExit(Duration.ofSeconds(60));
				ShutdownLog log = ShutdownLog.of(pod.log());
				System.out.printf("%s: %d requests outliving a %d ms drain timeout, SIGTERM to exit %d ms%n", server,
						overrunning, drainTimeout.toMillis(), exit.toMillis());
				assertThat(log.count("aborted_requests")).as("%s", log).isEqualTo(overrunning);
				// Each named, with its method and path.
				assertThat(log.toString().split("GET /work", -1)).as("%s", log).hasSize(overrunning + 1);
				assertThat(log.duration("drain")).as("%s", log)
					.isBetween(drainTimeout, drainTimeout.plus(ShutdownAssertions.STALL));
				assertThat(exit).as("%s", log)
					.isLessThan(log.duration("total").plus(ShutdownAssertions.TEARDOWN));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void whenBeansStoppingFirstUseUpTheGracePeriodTheDrainIsCutToExitBeforeSigkill(WebServer server)
			throws Exception {
		Duration gracePeriod = Duration.ofSeconds(10);
		// 1 s + 7 s + the 2 s margin fit in 10 s, but a bean stopping first takes 4 s.
		try (Pod pod = Pod.start("grace-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"graceful-shutdown.drain-timeout=7s",
				"graceful-shutdown.termination-grace-period=" + gracePeriod.toSeconds() + "s", "pod.slow-stop=4s",
				"management.endpoints.web.exposure.include=health,prometheus");
				RawHttpConnection overrunning = RawHttpConnection.open(pod.awaitReadyAndGetPort())) {
			overrunning.send("GET", "/work?ms=600000");
			await().atMost(Duration.ofSeconds(30)).until(() -> pod.activeRequests() == 1);
			pod.terminate();
			Duration exit = pod.awaitExit(Duration.ofSeconds(60));
			ShutdownLog log = ShutdownLog.of(pod.log());
			System.out.printf("%s: a bean took 4 s to stop, SIGTERM to exit %d ms, grace period %d ms%n", server,
					exit.toMillis(), gracePeriod.toMillis());
			assertThat(log.lines()).as("%s", log)
				.anyMatch((line) -> line.contains("cutting the drain timeout from 7s to"));
			assertThat(log.count("aborted_requests")).as("%s", log).isOne();
			assertThat(exit).as("SIGKILL would come at the end of the grace period\n%s", log).isLessThan(gracePeriod);
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void aThousandConcurrentSlowRequestsAtSigtermAllComplete(WebServer server) throws Exception {
		int requests = 1000;
		Duration work = Duration.ofMillis(500);
		// Long enough for every connection sent before SIGTERM to be accepted before the
		// drain starts, even by Reactor Netty on a loaded 2-core machine: a connection still
		// in the kernel's accept queue when the server stops listening is reset. A request
		// queued for a worker at drain start is tested in TomcatGracefulShutdownServerTests.
		Duration propagationDelay = Duration.ofSeconds(5);
		try (Pod pod = Pod.start("load-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + propagationDelay.toMillis() + "ms")) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnections connections = new RawHttpConnections()) {
				for (int i = 0; i < requests; i++) {
					RawHttpConnection connection = connections.open(pod.port(), Duration.ofSeconds(60));
					connection.send("GET", "/work?ms=" + work.toMillis());
				}
				// At once: every request is in flight or queued (servlet containers run 200 at a
				// time) or, at worst, done.
				pod.terminate();
				long peakResidentKb = 0;
				int ok = 0;
				for (RawHttpConnection connection : connections) {
					peakResidentKb = Math.max(peakResidentKb, peakResidentKb(pod));
					Response response = connection.readResponse();
					if (response.status() == 200 && response.body().equals("done")) {
						ok++;
					}
				}
				Duration exit = pod.awaitExit(Duration.ofSeconds(60));
				ShutdownLog log = ShutdownLog.of(pod.log());
				System.out.printf("%s: %d of %d slow requests completed (%d started after SIGTERM), SIGTERM to exit "
						+ "%d ms, peak RSS %d MiB (heap capped at 256 MiB)%n", server, ok, requests,
						log.count("late_requests_propagating") + log.count("late_requests_draining"), exit.toMillis(),
						peakResidentKb / 1024);
				assertThat(ok).isEqualTo(requests);
				assertThat(log.count("aborted_requests")).as("%s", log).isZero();
				assertThat(log.lines()).as("%s", log).noneMatch((line) -> line.contains("OutOfMemoryError"));
				assertThat(peakResidentKb / 1024).isLessThan(1024);
				assertThat(exit).as("%s", log)
					.isLessThan(log.duration("total").plus(ShutdownAssertions.TEARDOWN));
			}
		}
	}

	/**
	 * Return the pod's peak resident set size so far, 0 once it has exited.
	 */
	private static long peakResidentKb(Pod pod) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pod.pid()), "status"))
				.stream()
				.filter((line) -> line.startsWith("VmHWM:"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElse(0);
		}
		catch (IOException ex) {
			return 0;
		}
	}

}

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import io.github.gracefulshutdown.web.RawHttpConnections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Real JVMs receive SIGTERM with more work in flight than usual: requests that outlive
 * the drain timeout, and a thousand slow requests at once, on platform and virtual threads.
 */
class OverrunAndLoadTests {

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(1);

	/**
	 * How long each of the thousand concurrent requests takes: long enough that a server
	 * running 200 at a time has most of them still waiting for a worker when the drain
	 * starts.
	 */
	private static final Duration SLOW_REQUEST = Duration.ofSeconds(2);

	private static final String DEFAULT_VIRTUAL_THREADS_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";

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
	void aThousandSlowRequestsBeyondTheWorkerPoolAtSigtermAreAllAnswered(WebServer server) throws Exception {
		thousandSlowRequestsAtSigterm(server, Path.of(System.getProperty("java.home")), "platform");
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void onVirtualThreadsAThousandSlowRequestsAtSigtermAreAllAnswered(WebServer server) throws Exception {
		thousandSlowRequestsAtSigterm(server, virtualThreadsJdk(), "virtual", "spring.threads.virtual.enabled=true");
	}

	/**
	 * Send a thousand requests of {@link #SLOW_REQUEST} each, five times what a servlet
	 * container's 200 worker threads (or Jetty's 200 concurrent virtual-thread tasks) run at
	 * once, on connections the server has all accepted, and SIGTERM right after (where
	 * they all run at once, as soon as the server has read them all). The propagation
	 * phase is short, so most requests are still waiting for a worker when the drain
	 * starts: each must still be answered.
	 */
	private static void thousandSlowRequestsAtSigterm(WebServer server, Path javaHome, String threads,
			String... properties) throws Exception {
		int requests = 1000;
		Duration drainTimeout = Duration.ofSeconds(30);
		List<String> settings = new ArrayList<>(List.of(
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"graceful-shutdown.drain-timeout=" + drainTimeout.toSeconds() + "s",
				"management.endpoints.web.exposure.include=health,prometheus"));
		settings.addAll(List.of(properties));
		try (Pod pod = Pod.start(javaHome, "load-" + threads + "-" + server.name().toLowerCase(Locale.ROOT), server,
				Pod.freePort(), WORK_DIR, settings.toArray(String[]::new))) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnections connections = new RawHttpConnections()) {
				for (int i = 0; i < requests; i++) {
					connections.open(pod.port(), Duration.ofSeconds(60));
				}
				// A connection still in the kernel's accept queue when the server stops
				// listening is reset, before any server has seen it. Opening a thousand takes
				// seconds: only once the server has accepted them all are the requests sent,
				// in a burst, so that they all arrive just before SIGTERM.
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> pod.unacceptedConnections() == 0);
				for (RawHttpConnection connection : connections) {
					connection.send("GET", "/work?ms=" + SLOW_REQUEST.toMillis());
				}
				if (!runsAtMost200AtOnce(server, threads)) {
					// Reading a thousand requests has taken a CPU-starved pod more than a second.
					// Reactor Netty then closes a connection whose request it has not read yet as
					// idle when its drain starts (Tomcat, on virtual threads, likewise): not the
					// case under test, so SIGTERM once every request has been read.
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> pod.activeRequests() + pod.requestsAnswered("/work") == requests);
				}
				pod.terminate();
				long peakResidentKb = 0;
				int answered = 0;
				int closedUnanswered = 0;
				List<String> otherwise = new ArrayList<>();
				for (RawHttpConnection connection : connections) {
					peakResidentKb = Math.max(peakResidentKb, peakResidentKb(pod));
					try {
						Response response = connection.readResponse();
						if (response.status() == 200 && response.body().equals("done")) {
							answered++;
						}
						else {
							otherwise.add(response.status() + " " + response.body());
						}
					}
					catch (IOException ex) {
						closedUnanswered++;
					}
				}
				Duration exit = pod.awaitExit(Duration.ofSeconds(60));
				ShutdownLog log = ShutdownLog.of(pod.log());
				System.out.printf("%s on %s threads (Java %s): %d of %d slow requests answered, %d connections closed "
						+ "unanswered, %d other responses; drain %d ms, SIGTERM to exit %d ms, peak RSS %d MiB (heap "
						+ "capped at 256 MiB)%n", server, threads, javaVersion(pod), answered, requests,
						closedUnanswered, otherwise.size(), log.duration("drain").toMillis(), exit.toMillis(),
						peakResidentKb / 1024);
				assertThat(answered).as("answered, with %d connections closed unanswered and other responses %s%n%s",
						closedUnanswered, otherwise, log).isEqualTo(requests);
				assertThat(log.count("aborted_requests")).as("%s", log).isZero();
				assertThat(log.duration("drain")).as("%s", log).isLessThan(drainTimeout);
				if (runsAtMost200AtOnce(server, threads)) {
					// Otherwise the test would not load the server beyond its pool.
					assertThat(exit).as("more than one round of slow requests after SIGTERM%n%s", log)
						.isGreaterThan(SLOW_REQUEST.multipliedBy(2));
				}
				assertThat(log.lines()).as("%s", log).noneMatch((line) -> line.contains("OutOfMemoryError"));
				assertThat(peakResidentKb / 1024).isLessThan(1024);
				assertThat(exit).as("%s", log)
					.isLessThan(log.duration("total").plus(ShutdownAssertions.TEARDOWN));
			}
		}
	}

	/**
	 * Whether the server runs at most 200 requests at once: its default worker pool, or
	 * Jetty's default limit of concurrent tasks on virtual threads. Reactor Netty's event
	 * loops and Tomcat's virtual threads run them all.
	 */
	private static boolean runsAtMost200AtOnce(WebServer server, String threads) {
		return server == WebServer.JETTY || (server == WebServer.TOMCAT && threads.equals("platform"));
	}

	/**
	 * Return the JDK to run virtual-thread pods on, the tests themselves running on Java
	 * 17: {@code E2E_VIRTUAL_THREADS_JDK}, by default Temurin 25 where Debian's packages
	 * put it. Without it the virtual-thread cases are skipped, except in CI, where they
	 * fail.
	 */
	private static Path virtualThreadsJdk() {
		Path jdk = Path.of(System.getenv().getOrDefault("E2E_VIRTUAL_THREADS_JDK", DEFAULT_VIRTUAL_THREADS_JDK));
		if (!Files.isExecutable(jdk.resolve("bin").resolve("java"))) {
			String missing = "No JDK at " + jdk + " (E2E_VIRTUAL_THREADS_JDK) to run pods on virtual threads";
			if ("true".equals(System.getenv("CI"))) {
				fail(missing + ": .ci/run installs one");
			}
			abort(missing);
		}
		return jdk;
	}

	/**
	 * The Java version the pod runs on, from Spring Boot's startup line.
	 */
	private static String javaVersion(Pod pod) {
		String started = pod.log()
			.lines()
			.filter((line) -> line.contains("using Java "))
			.findFirst()
			.orElse("");
		int at = started.indexOf("using Java ");
		return (at < 0) ? "?" : started.substring(at + "using Java ".length()).split("[ )]")[0];
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

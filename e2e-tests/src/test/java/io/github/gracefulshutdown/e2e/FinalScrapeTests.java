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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A real Prometheus server scrapes pods through their shutdowns, every
 * {@link #SCRAPE_INTERVAL}, as it would on Kubernetes; each pod gets late requests in its
 * propagation phase and one request the drain aborts, and exits on SIGTERM. The pods that
 * hold their exit for the final scrape ({@code graceful-shutdown.metrics.await-final-scrape})
 * have every final figure stored: phase {@code stopped}, and the late and aborted requests
 * of their own final log line. The others, in the same run, lose them: their JVM is gone
 * long before the next scrape, which is the comparison the hold is for.
 */
class FinalScrapeTests {

	// Longer than a pod's life after its drain without the hold (tens of milliseconds),
	// so that without it a scrape of the final figures is the rare exception.
	private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);

	// The chart's choice: the scrape interval and a margin for a loaded machine.
	private static final Duration AWAIT_FINAL_SCRAPE = SCRAPE_INTERVAL.plusSeconds(3);

	private static final int PODS_EACH = 3;

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"final-scrape");

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeAll
	static void requirePrometheus() {
		if (!Files.isExecutable(PrometheusServer.BINARY)) {
			if ("true".equals(System.getenv("CI"))) {
				fail(PrometheusServer.BINARY + " is missing: .ci/run installs Debian's prometheus package");
			}
			abort(PrometheusServer.BINARY + " is missing: sudo apt-get install prometheus");
		}
	}

	@Test
	void withTheHoldEveryShutdownsFinalFiguresAreStoredAndWithoutItTheyAreLost() throws Exception {
		Map<String, Boolean> holds = new LinkedHashMap<>();
		Map<String, int[]> ports = new LinkedHashMap<>();
		for (int i = 0; i < PODS_EACH; i++) {
			holds.put("held-" + i, true);
			holds.put("unheld-" + i, false);
		}
		Map<String, Integer> targets = new LinkedHashMap<>();
		for (String name : holds.keySet()) {
			int[] pair = { Pod.freePort(), Pod.freePort() };
			ports.put(name, pair);
			targets.put(name, pair[1]);
		}
		List<Pod> pods = new ArrayList<>();
		try (PrometheusServer prometheus = PrometheusServer.start(WORK_DIR, SCRAPE_INTERVAL, targets)) {
			try {
				for (Map.Entry<String, Boolean> pod : holds.entrySet()) {
					pods.add(start(pod.getKey(), ports.get(pod.getKey()), pod.getValue()));
				}
				for (Pod pod : pods) {
					pod.awaitReady(Duration.ofSeconds(120));
				}
				// Every pod is a target that Prometheus has scraped while it ran.
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> prometheus.query("up == 1").keySet().containsAll(holds.keySet()));
				List<Future<Shutdown>> shutdowns = new ArrayList<>();
				for (int i = 0; i < pods.size(); i++) {
					Pod pod = pods.get(i);
					int lateRequests = 2 + i;
					int managementPort = ports.get(pod.name())[1];
					shutdowns.add(this.executor.submit(() -> shutDown(pod, managementPort, lateRequests)));
				}
				Map<String, Shutdown> byPod = new LinkedHashMap<>();
				for (Future<Shutdown> shutdown : shutdowns) {
					Shutdown done = shutdown.get(90, TimeUnit.SECONDS);
					byPod.put(done.pod(), done);
				}
				// The held pods' final scrape was answered before they exited: its samples
				// are in storage as soon as Prometheus has ingested them.
				await().atMost(Duration.ofSeconds(15))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> stored(prometheus, "graceful_shutdown_phase{phase=\"stopped\"}").keySet()
						.containsAll(held(holds, true)));
				Stored stored = Stored.query(prometheus);
				List<String> heldComplete = new ArrayList<>();
				List<String> unheldComplete = new ArrayList<>();
				for (Shutdown shutdown : byPod.values()) {
					boolean complete = stored.hasFinalFiguresOf(shutdown);
					if (complete) {
						(holds.get(shutdown.pod()) ? heldComplete : unheldComplete).add(shutdown.pod());
					}
				}
				long heldExit = averageExit(byPod, holds, true);
				long unheldExit = averageExit(byPod, holds, false);
				System.out.printf("Final scrape: with the hold %d of %d shutdowns had phase=stopped and their final "
						+ "figures stored (phase=stopped stored for %d), without it %d of %d (phase=stopped "
						+ "stored for %d); SIGTERM to exit %d ms with the hold, %d ms without, on average%n",
						heldComplete.size(), PODS_EACH, count(stored.stopped(), holds, true), unheldComplete.size(),
						PODS_EACH, count(stored.stopped(), holds, false), heldExit, unheldExit);

				assertThat(heldComplete).as("held pods with every final figure stored, of %s:%n%s", byPod.values(),
						stored)
					.containsExactlyInAnyOrderElementsOf(held(holds, true));
				// Without the hold the final figures are lost: if they were stored for every
				// pod anyway, the comparison would prove nothing.
				assertThat(unheldComplete).as("unheld pods with every final figure stored:%n%s", stored)
					.hasSizeLessThan(PODS_EACH);
				assertThat(count(stored.stopped(), holds, false)).isLessThan(PODS_EACH);
				for (String pod : held(holds, true)) {
					assertThat(byPod.get(pod).log().lines()).anyMatch((line) -> line.contains("Final figures scraped"));
				}
				// The hold costs at most the wait: a scrape comes within one interval.
				assertThat(heldExit - unheldExit).isLessThan(AWAIT_FINAL_SCRAPE.toMillis());
			}
			finally {
				pods.forEach(Pod::close);
				this.executor.shutdownNow();
			}
		}
	}

	private Pod start(String name, int[] ports, boolean hold) throws IOException {
		List<String> properties = new ArrayList<>(List.of("management.server.port=" + ports[1],
				"management.endpoints.web.exposure.include=health,prometheus",
				"graceful-shutdown.propagation-delay=3s", "graceful-shutdown.drain-timeout=1s"));
		if (hold) {
			properties.add("graceful-shutdown.metrics.await-final-scrape=" + AWAIT_FINAL_SCRAPE.toMillis() + "ms");
		}
		return Pod.start(name, WebServer.TOMCAT, ports[0], WORK_DIR, properties.toArray(String[]::new));
	}

	/**
	 * SIGTERM, then late requests while the pod propagates, one request that outlasts the
	 * drain, and the exit.
	 */
	private static Shutdown shutDown(Pod pod, int managementPort, int lateRequests) throws Exception {
		try (RawHttpConnection aborted = RawHttpConnection.open(pod.port(), Duration.ofSeconds(60))) {
			aborted.send("GET", "/work?ms=20000");
			await().atMost(Duration.ofSeconds(10)).until(() -> pod.activeRequests() == 1);
			pod.terminate();
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> readiness(managementPort) == 503);
			for (int i = 0; i < lateRequests; i++) {
				try (RawHttpConnection connection = RawHttpConnection.open(pod.port())) {
					Response response = connection.exchange("GET", "/work");
					assertThat(response.status()).isEqualTo(200);
				}
			}
			Duration exit = pod.awaitExit(Duration.ofSeconds(60));
			ShutdownLog log = ShutdownLog.of(pod.log());
			// What Prometheus must store is the pod's own figure, whichever it is: on a
			// loaded machine the last late request may already meet the drain.
			assertThat(log.count("late_requests_propagating")).as(pod.name()).isPositive();
			assertThat(log.count("aborted_requests")).as(pod.name()).isEqualTo(1);
			return new Shutdown(pod.name(), exit, log);
		}
	}

	private static int readiness(int managementPort) {
		try (RawHttpConnection connection = RawHttpConnection.open(managementPort)) {
			return connection.exchange("GET", "/actuator/health/readiness").status();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static Map<String, Double> stored(PrometheusServer prometheus, String series) throws Exception {
		// Over a window wider than the test: a target that has gone gets staleness markers,
		// which an instant query would stop at, and last_over_time looks past.
		return prometheus.query("last_over_time(" + series + "[10m])");
	}

	/**
	 * HTTP requests and gRPC calls together, as the log line counts them.
	 */
	private static Map<String, Double> storedOverProtocols(PrometheusServer prometheus, String series)
			throws Exception {
		return prometheus.query("sum without (protocol) (last_over_time(" + series + "[10m]))");
	}

	private static List<String> held(Map<String, Boolean> holds, boolean hold) {
		return holds.entrySet().stream().filter((pod) -> pod.getValue() == hold).map(Map.Entry::getKey).toList();
	}

	private static long count(Map<String, Double> stopped, Map<String, Boolean> holds, boolean hold) {
		return held(holds, hold).stream().filter((pod) -> stopped.getOrDefault(pod, 0.0) == 1.0).count();
	}

	private static long averageExit(Map<String, Shutdown> byPod, Map<String, Boolean> holds, boolean hold) {
		return (long) held(holds, hold).stream()
			.mapToLong((pod) -> byPod.get(pod).exit().toMillis())
			.average()
			.orElseThrow();
	}

	private record Shutdown(String pod, Duration exit, ShutdownLog log) {
	}

	/**
	 * The last value Prometheus stored of each final figure, by pod.
	 */
	private record Stored(Map<String, Double> stopped, Map<String, Double> lateRequests,
			Map<String, Double> abortedRequests) {

		static Stored query(PrometheusServer prometheus) throws Exception {
			return new Stored(stored(prometheus, "graceful_shutdown_phase{phase=\"stopped\"}"),
					storedOverProtocols(prometheus, "graceful_shutdown_late_requests_total{phase=\"propagating\"}"),
					storedOverProtocols(prometheus, "graceful_shutdown_aborted_requests_total"));
		}

		boolean hasFinalFiguresOf(Shutdown shutdown) {
			String pod = shutdown.pod();
			return this.stopped.getOrDefault(pod, 0.0) == 1.0
					&& this.lateRequests.getOrDefault(pod, -1.0) == shutdown.log().count("late_requests_propagating")
					&& this.abortedRequests.getOrDefault(pod, -1.0) == shutdown.log().count("aborted_requests");
		}

	}

}

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JVM receives SIGTERM; during the propagation phase the test sends an exact
 * number of requests and reads the figures from {@code /actuator/prometheus}, from the
 * drain-status endpoint, and from the final log line.
 */
class ShutdownMetricsTests {

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(4);

	private static final int REQUESTS_BEFORE_SHUTDOWN = 7;

	private static final int LATE_REQUESTS = 25;

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"metrics");

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void lateArrivalsAreCountedExactlyAndVisibleDuringTheDrainAndInTheFinalLogLine(WebServer server)
			throws Exception {
		String serverTag = server.name().toLowerCase(Locale.ROOT).replace('_', '-');
		try (Pod pod = Pod.start("metrics-" + serverTag, server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"management.endpoints.web.exposure.include=health,prometheus,gracefulshutdown")) {
			pod.awaitReady(Duration.ofSeconds(60));
			for (int i = 0; i < REQUESTS_BEFORE_SHUTDOWN; i++) {
				assertThat(pod.probe("/work")).isEqualTo(200);
			}
			String before = get(pod, "/actuator/prometheus").body();
			assertThat(PrometheusScrape.value(before, "graceful_shutdown_phase", "phase=\"running\"")).isEqualTo(1);

			pod.terminate();
			long signalled = System.nanoTime();
			await().atMost(Duration.ofSeconds(5)).until(() -> pod.probe("/actuator/health/readiness") == 503);
			for (int i = 0; i < LATE_REQUESTS; i++) {
				Response response = get(pod, "/work");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.closesConnection()).isTrue();
			}
			String during = get(pod, "/actuator/prometheus").body();
			String status = get(pod, "/actuator/gracefulshutdown").body();
			assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(PROPAGATION_DELAY);

			assertThat(PrometheusScrape.value(during, "graceful_shutdown_late_requests_total",
					"phase=\"propagating\",protocol=\"http\",server=\"" + serverTag + "\""))
				.isEqualTo(LATE_REQUESTS);
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_late_requests_total", "phase=\"draining\",protocol=\"http\"")).isZero();
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_phase", "phase=\"propagating\"")).isEqualTo(1);
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_phase", "phase=\"running\"")).isZero();
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_active_requests", "protocol=\"http\"")).isZero();
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_closed_connections_total", "reason=\"told_to_close\""))
				.isGreaterThanOrEqualTo(LATE_REQUESTS);
			assertThat(PrometheusScrape.value(during, "graceful_shutdown_propagation_lag_seconds", ""))
				.isPositive()
				.isLessThan(PROPAGATION_DELAY.toSeconds());
			assertThat(status).contains("\"phase\":\"propagating\"")
				.contains("\"propagating\":" + LATE_REQUESTS)
				.contains("\"activeRequests\":0");

			pod.awaitExit(Duration.ofSeconds(30));
			assertThat(pod.log()).contains("Graceful shutdown finished")
				.contains("late_requests_propagating=" + LATE_REQUESTS + " ")
				.contains("aborted_requests=0");
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void onASeparateManagementPortTheFiguresCanBeScrapedDuringTheDrain(WebServer server) throws Exception {
		int managementPort = Pod.freePort();
		try (Pod pod = Pod.start("metrics-drain-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=500ms", "management.server.port=" + managementPort,
				"management.endpoints.web.exposure.include=health,prometheus,gracefulshutdown")) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnection slow = RawHttpConnection.open(pod.port())) {
				slow.send("GET", "/work?ms=3000");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> PrometheusScrape.value(get(managementPort, "/actuator/prometheus").body(),
							"graceful_shutdown_active_requests", "protocol=\"http\"") == 1);
				pod.terminate();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> PrometheusScrape.value(get(managementPort, "/actuator/prometheus").body(), "graceful_shutdown_phase",
							"phase=\"draining\"") == 1);
				String during = get(managementPort, "/actuator/prometheus").body();
				assertThat(PrometheusScrape.value(during, "graceful_shutdown_active_requests", "protocol=\"http\"")).isEqualTo(1);
				assertThat(PrometheusScrape.value(during, "graceful_shutdown_phase_duration_seconds", "phase=\"propagating\""))
					.isGreaterThanOrEqualTo(0.5);
				assertThat(get(managementPort, "/actuator/gracefulshutdown").body())
					.contains("\"phase\":\"draining\"");
				Response response = slow.readResponse();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.closesConnection()).isTrue();
			}
			pod.awaitExit(Duration.ofSeconds(30));
			assertThat(pod.log()).contains("aborted_requests=0");
		}
	}

	private static Response get(Pod pod, String path) throws IOException {
		return get(pod.port(), path);
	}

	private static Response get(int port, String path) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			return connection.exchange("GET", path);
		}
	}

}

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kubelet calls the preStop endpoint, then sends SIGTERM: readiness goes down at the
 * call, the call answers when the propagation phase is over, a second call does not run
 * the delay again, and the SIGTERM that follows only drains. A call without the token is
 * refused, and one that no SIGTERM follows is undone.
 */
class PreStopHookTests {

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(3);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"prestop");

	private final ExecutorService kubelet = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopKubelet() {
		this.kubelet.shutdownNow();
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void thePreStopCallRunsTheOnlyPropagationPhaseAndSigtermOnlyDrains(WebServer server) throws Exception {
		int managementPort = Pod.freePort();
		try (Pod pod = Pod.start("prestop-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"management.server.port=" + managementPort, "management.endpoint.prestop.access=read-only",
				"management.endpoints.web.exposure.include=health,prestop")) {
			pod.awaitReady(Duration.ofSeconds(60));
			assertThat(pod.probe("/actuator/prestop")).isEqualTo(404);

			long called = System.nanoTime();
			CompletableFuture<Response> preStop = CompletableFuture
				.supplyAsync(() -> get(managementPort, "/actuator/prestop"), this.kubelet);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> get(managementPort, "/actuator/health/readiness").status() == 503);
			assertThat(get(managementPort, "/actuator/health/liveness").status()).isEqualTo(200);
			Response served = get(pod.port(), "/work");
			assertThat(served.status()).isEqualTo(200);
			assertThat(served.closesConnection()).isTrue();
			assertThat(preStop).isNotDone();

			Response hook = preStop.get(PROPAGATION_DELAY.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
			Duration hookTook = Duration.ofNanos(System.nanoTime() - called);
			assertThat(hook.status()).isEqualTo(200);
			assertThat(hook.body()).contains("\"propagationOver\":true");
			assertThat(hookTook).isBetween(PROPAGATION_DELAY, PROPAGATION_DELAY.plusSeconds(1));

			long again = System.nanoTime();
			assertThat(get(managementPort, "/actuator/prestop").status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(1));
			assertThat(pod.probe("/work")).as("still serving until SIGTERM").isEqualTo(200);

			pod.terminate();
			Duration exit = pod.awaitExit(Duration.ofSeconds(30));
			System.out.printf("%s: preStop call took %d ms, SIGTERM to exit %d ms%n", server, hookTook.toMillis(),
					exit.toMillis());
			// A second propagation phase would take the whole delay again.
			assertThat(exit).isLessThan(PROPAGATION_DELAY);
			assertThat(pod.log().split("Commencing propagation phase", -1)).hasSize(2);
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void aCallWithoutTheTokenIsRefusedAndOneThatNoSigtermFollowsIsUndone(WebServer server) throws Exception {
		int managementPort = Pod.freePort();
		Duration delay = Duration.ofSeconds(1);
		String token = "e2e-0123456789abcdef";
		try (Pod pod = Pod.start("prestop-stray-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=" + delay.toMillis() + "ms",
				"management.server.port=" + managementPort, "management.endpoint.prestop.access=read-only",
				"management.endpoints.web.exposure.include=health,prestop",
				"graceful-shutdown.prestop.token=" + token)) {
			pod.awaitReady(Duration.ofSeconds(60));
			assertThat(get(managementPort, "/actuator/prestop").status()).isEqualTo(403);
			assertThat(get(managementPort, "/actuator/health/readiness").status()).isEqualTo(200);

			Response hook = get(managementPort, "/actuator/prestop", Map.of("X-Graceful-Shutdown-Token", token));
			long answered = System.nanoTime();
			assertThat(hook.status()).isEqualTo(200);
			assertThat(get(managementPort, "/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(get(pod.port(), "/work").closesConnection()).isTrue();

			// No SIGTERM: 10 s after the answer the pod is back in rotation.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> get(managementPort, "/actuator/health/readiness").status() == 200);
			Duration outOfRotation = Duration.ofNanos(System.nanoTime() - answered);
			assertThat(outOfRotation).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(13));
			Response served = get(pod.port(), "/work");
			assertThat(served.status()).isEqualTo(200);
			assertThat(served.closesConnection()).isFalse();
			assertThat(pod.log()).contains("Abandoning the shutdown begun by the preStop call from 127.0.0.1");

			// A real SIGTERM later runs the whole sequence, its own delay included.
			pod.terminate();
			Duration exit = pod.awaitExit(Duration.ofSeconds(30));
			System.out.printf("%s: out of rotation %d ms after the stray call, SIGTERM to exit %d ms%n", server,
					outOfRotation.toMillis(), exit.toMillis());
			assertThat(exit).isGreaterThanOrEqualTo(delay);
			assertThat(pod.log().split("Commencing propagation phase", -1)).hasSize(3);
		}
	}

	private static Response get(int port, String path) {
		return get(port, path, Map.of());
	}

	private static Response get(int port, String path, Map<String, String> headers) {
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			return connection.exchange("GET", path, headers);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

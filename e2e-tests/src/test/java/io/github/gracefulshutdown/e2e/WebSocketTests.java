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

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.web.WebSocketClientSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JVM with 50 open WebSocket sessions receives SIGTERM: the sessions keep working
 * through the propagation phase, each is closed with 1001 "going away" as the drain
 * starts, and the pod exits right after the delay instead of holding them until the
 * drain timeout or leaving them to be cut without a close frame.
 */
class WebSocketTests {

	private static final int SESSIONS = 50;

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(2);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"web-sockets");

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void openWebSocketsAreClosedAsGoingAwayAtDrainStartAndDoNotHoldTheExit(WebServer server) throws Exception {
		try (Pod pod = Pod.start("ws-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms")) {
			pod.awaitReady(Duration.ofSeconds(60));
			HttpClient client = HttpClient.newHttpClient();
			List<WebSocketClientSession> sessions = new ArrayList<>();
			for (int i = 0; i < SESSIONS; i++) {
				WebSocketClientSession session = WebSocketClientSession.open(client,
						URI.create("ws://127.0.0.1:" + pod.port() + "/ws"), TIMEOUT);
				assertThat(session.nextMessage(TIMEOUT)).isEqualTo(PodApplication.OPEN);
				sessions.add(session);
			}
			pod.terminate();
			await().atMost(Duration.ofSeconds(5)).until(() -> pod.probe("/actuator/health/readiness") == 503);
			for (WebSocketClientSession session : sessions) {
				session.send("propagating");
			}
			for (WebSocketClientSession session : sessions) {
				assertThat(session.nextMessage(TIMEOUT)).as("an echo while the pod is propagating")
					.isEqualTo("propagating");
			}
			Duration exit = pod.awaitExit(Duration.ofSeconds(60));
			for (WebSocketClientSession session : sessions) {
				assertThat(session.closeStatus().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
			}
			ShutdownLog log = ShutdownLog.of(pod.log());
			System.out.printf("%s: %d WebSocket sessions, SIGTERM to exit %d ms (target: %d ms)%n", server,
					SESSIONS, exit.toMillis(), PROPAGATION_DELAY.plusSeconds(1).toMillis());
			assertThat(log.count("streams_ended")).as("%s", log).isEqualTo(SESSIONS);
			ShutdownAssertions.assertExitedRightAfterTheDelay(exit, log, PROPAGATION_DELAY, Duration.ZERO);
		}
	}

}

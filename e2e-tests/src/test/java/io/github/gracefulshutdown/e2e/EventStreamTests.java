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
import java.util.Locale;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import io.github.gracefulshutdown.web.RawHttpConnections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JVM serving 50 open Server-Sent Events streams receives SIGTERM: the streams
 * keep ticking through the propagation phase, end cleanly as the drain starts, and the
 * pod exits right after the delay instead of holding them until the drain timeout.
 */
class EventStreamTests {

	private static final int STREAMS = 50;

	private static final Duration PROPAGATION_DELAY = Duration.ofSeconds(2);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"event-streams");

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void openEventStreamsEndCleanlyAtDrainStartAndDoNotHoldTheExit(WebServer server) throws Exception {
		try (Pod pod = Pod.start("events-" + server.name().toLowerCase(Locale.ROOT), server, Pod.freePort(),
				WORK_DIR, "graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"management.endpoints.web.exposure.include=health,prometheus")) {
			pod.awaitReady(Duration.ofSeconds(60));
			try (RawHttpConnections streams = new RawHttpConnections()) {
				for (int i = 0; i < STREAMS; i++) {
					RawHttpConnection stream = streams.open(pod.port(), Duration.ofSeconds(30));
					stream.send("GET", "/events");
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> pod.activeRequests() == STREAMS);
				pod.terminate();
				Duration exit = pod.awaitExit(Duration.ofSeconds(60));
				for (RawHttpConnection stream : streams) {
					// Reads up to the last chunk: a cut stream fails here.
					Response response = stream.readResponse();
					assertThat(response.status()).isEqualTo(200);
					assertThat(response.headers().get("content-type")).startsWith("text/event-stream");
					// Ticks went on through the propagation phase.
					assertThat(response.body().split("data:tick", -1).length - 1)
						.isGreaterThanOrEqualTo((int) (PROPAGATION_DELAY.toMillis() / PodApplication.TICK.toMillis()) / 2);
				}
				ShutdownLog log = ShutdownLog.of(pod.log());
				System.out.printf("%s: %d streams, SIGTERM to exit %d ms (target: %d ms)%n", server, STREAMS,
						exit.toMillis(), PROPAGATION_DELAY.plusSeconds(1).toMillis());
				assertThat(log.count("streams_ended")).as("%s", log).isEqualTo(STREAMS);
				ShutdownAssertions.assertExitedRightAfterTheDelay(exit, log, PROPAGATION_DELAY, Duration.ZERO);
			}
		}
	}

}

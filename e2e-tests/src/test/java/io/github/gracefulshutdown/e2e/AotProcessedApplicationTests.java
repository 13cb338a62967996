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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The sample application as Spring Boot's AOT processing left it
 * ({@code spring-boot:process-aot}, as for a native image), run on the JVM with
 * {@code -Dspring.aot.enabled=true}, beside the same jar run plainly: the settings a
 * deployment gives at run time (the Helm chart passes them as environment variables)
 * take effect the same way, although AOT processing fixed the conditions at build time.
 */
class AotProcessedApplicationTests {

	private static final Path JAR = Path.of("..", "sample-app", "target", "sample-app.jar");

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"), "aot");

	private static final String PROBES = "management.endpoint.health.probes.enabled=true";

	// Not the sample's 9090: several of these pods, or other builds, may run at once.
	private static final String ANY_GRPC_PORT = "spring.grpc.server.port=0";

	enum Mode {

		JVM(List.of()), AOT(List.of("-Dspring.aot.enabled=true"));

		private final List<String> options;

		Mode(List<String> options) {
			this.options = options;
		}

	}

	@BeforeAll
	static void requireTheSampleJar() {
		if (!Files.isRegularFile(JAR)) {
			if ("true".equals(System.getenv("CI"))) {
				fail(JAR + " is missing: the build packages sample-app before e2e-tests");
			}
			abort(JAR + " is missing: run ./mvnw -pl sample-app -am package -DskipTests first");
		}
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aPropagationDelayGivenAtRunTimeIsServed(Mode mode) throws Exception {
		try (Pod pod = startReady(mode, "delay", "graceful-shutdown.propagation-delay=2s")) {
			Duration exit = terminate(pod);
			ShutdownLog log = ShutdownLog.of(pod.log());
			System.out.printf("%s: fixed 2s delay, SIGTERM to exit %d ms, %s%n", mode, exit.toMillis(), log);
			assertThat(log.duration("propagation")).as("%s", log).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
			assertThat(exit).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3500));
		}
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aQuietPeriodGivenAtRunTimeEndsThePhaseEarly(Mode mode) throws Exception {
		try (Pod pod = startReady(mode, "quiet", "graceful-shutdown.propagation-delay=10s",
				"graceful-shutdown.quiet-period=500ms", "graceful-shutdown.minimum-propagation-delay=1s")) {
			Duration exit = terminate(pod);
			ShutdownLog log = ShutdownLog.of(pod.log());
			System.out.printf("%s: 10s maximum, 500ms quiet period, SIGTERM to exit %d ms, %s%n", mode,
					exit.toMillis(), log);
			assertThat(log.duration("propagation")).as("%s", log)
				.isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500));
			assertThat(exit).isLessThan(Duration.ofMillis(3500));
		}
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aDrainTimeoutGivenAtRunTimeBoundsTheDrain(Mode mode) throws Exception {
		try (Pod pod = startReady(mode, "drain", "graceful-shutdown.propagation-delay=0",
				"graceful-shutdown.drain-timeout=1500ms");
				RawHttpConnection finishing = RawHttpConnection.open(pod.port(), Duration.ofSeconds(30));
				RawHttpConnection outliving = RawHttpConnection.open(pod.port(), Duration.ofSeconds(30))) {
			finishing.send("GET", "/slow?ms=800");
			outliving.send("GET", "/slow?ms=20000");
			await().atMost(Duration.ofSeconds(30)).until(() -> pod.activeRequests() == 2);
			Duration exit = terminate(pod);
			ShutdownLog log = ShutdownLog.of(pod.log());
			System.out.printf("%s: 1.5s drain timeout, SIGTERM to exit %d ms, %s%n", mode, exit.toMillis(), log);
			assertThat(finishing.readResponse().status()).isEqualTo(200);
			assertThat(log.count("aborted_requests")).as("%s", log).isOne();
			assertThat(exit).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500));
		}
	}

	@Test
	void switchingTheSequenceOffAtRunTimeFailsStartupNamingTheKey() throws Exception {
		try (Pod pod = start(Mode.AOT, "disabled", "graceful-shutdown.enabled=false")) {
			Duration exited = Duration.ofSeconds(60);
			assertThat(pod.awaitExitWithoutSignal(exited)).isNotZero();
			assertThat(pod.log()).contains("Invalid value 'false' for property 'graceful-shutdown.enabled'")
				.contains("AOT-processed with the shutdown sequence switched on");
		}
	}

	private static Pod start(Mode mode, String name, String... properties) throws IOException {
		String[] all = new String[properties.length + 2];
		all[0] = PROBES;
		all[1] = ANY_GRPC_PORT;
		System.arraycopy(properties, 0, all, 2, properties.length);
		List<String> jvmOptions = new ArrayList<>(Pod.FAST_STARTUP);
		jvmOptions.addAll(mode.options);
		return Pod.startJar(mode.name().toLowerCase(Locale.ROOT) + "-" + name, JAR, jvmOptions, Pod.freePort(),
				WORK_DIR, all);
	}

	private static Pod startReady(Mode mode, String name, String... properties) throws IOException {
		Pod pod = start(mode, name, properties);
		pod.awaitReady(Duration.ofSeconds(60));
		assertThat(pod.log().contains("Starting AOT-processed SampleApplication")).as("%s", pod.log())
			.isEqualTo(mode == Mode.AOT);
		return pod;
	}

	private static Duration terminate(Pod pod) throws InterruptedException {
		pod.terminate();
		return pod.awaitExit(Duration.ofSeconds(30));
	}

}

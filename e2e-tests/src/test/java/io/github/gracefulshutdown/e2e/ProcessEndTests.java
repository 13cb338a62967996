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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.gracefulshutdown.web.RawHttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a real JVM ends, as an operator reads it: the exit status Kubernetes turns into
 * {@code Completed} or {@code Error}, the termination message, what started the
 * shutdown, and the last gasp before a SIGKILL.
 */
class ProcessEndTests {

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"process-end");

	private static final Duration PROPAGATION_DELAY = Duration.ofMillis(500);

	private static final Duration EXIT_BOUND = Duration.ofSeconds(30);

	private final ExecutorService client = Executors.newCachedThreadPool();

	@AfterEach
	void stopClient() {
		this.client.shutdownNow();
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void aCleanShutdownExitsWithZeroAndLeavesItsReportAsTheTerminationMessage(WebServer server) throws Exception {
		Path message = terminationMessage("clean-" + name(server));
		try (Pod pod = Pod.start("clean-" + name(server), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"graceful-shutdown.termination-message-path=" + message)) {
			pod.awaitReady(Duration.ofSeconds(60));
			assertThat(pod.probe("/work")).isEqualTo(200);
			pod.terminate();
			Duration exit = pod.awaitExit(EXIT_BOUND);
			System.out.printf("%s: clean SIGTERM to exit %d ms, status %d%n", server, exit.toMillis(), pod.exitCode());
			String log = pod.log();
			assertThat(pod.exitCode()).as(log).isZero();
			assertThat(log).containsPattern("Commencing propagation phase on SIGTERM at \\d{4}-\\d\\d-\\d\\dT");
			String report = Files.readString(message, StandardCharsets.UTF_8);
			assertThat(report).startsWith("Graceful shutdown finished: phase=stopped ")
				.contains(" aborted_requests=0 ", " budget_overran=false ", " trigger=sigterm ", " triggered_at=");
			assertThat(ShutdownLog.of(log).lines()).as(log)
				.anyMatch((line) -> line.contains("Graceful shutdown finished: ") && line.contains(" trigger=sigterm "));
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void anAbortedRequestExitsWithTheUncleanStatusAndTheMessageNamesIt(WebServer server) throws Exception {
		Path message = terminationMessage("aborted-" + name(server));
		try (Pod pod = Pod.start("aborted-" + name(server), server, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "graceful-shutdown.drain-timeout=1s",
				"graceful-shutdown.exit-status.unclean=7", "graceful-shutdown.termination-message-path=" + message,
				"management.endpoints.web.exposure.include=health,prometheus")) {
			pod.awaitReady(Duration.ofSeconds(60));
			CompletableFuture.runAsync(() -> get(pod.port(), "/work?ms=60000"), this.client);
			await().atMost(Duration.ofSeconds(10)).until(() -> pod.activeRequests() == 1);
			pod.terminate();
			pod.awaitExit(EXIT_BOUND);
			String log = pod.log();
			assertThat(pod.exitCode()).as(log).isEqualTo(7);
			assertThat(Files.readString(message, StandardCharsets.UTF_8)).contains(" aborted_requests=1 ")
				.contains(" trigger=sigterm ")
				.contains("Aborted requests: GET /work (running for ");
		}
	}

	@Test
	void withTheExitStatusDisabledTheJvmKeepsItsOwnStatus() throws Exception {
		Path message = terminationMessage("jvm-status");
		try (Pod pod = Pod.start("jvm-status", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "graceful-shutdown.exit-status.enabled=false",
				"graceful-shutdown.termination-message-path=" + message)) {
			pod.awaitReady(Duration.ofSeconds(60));
			pod.terminate();
			pod.awaitExit(EXIT_BOUND);
			assertThat(pod.exitCode()).as(pod.log()).isEqualTo(143);
			// The trigger is still known: the handler records it before the JVM's runs.
			assertThat(Files.readString(message, StandardCharsets.UTF_8)).contains(" trigger=sigterm ");
		}
	}

	@Test
	void anApplicationThatManagesItsOwnShutdownKeepsTheJvmsSignalHandlers() throws Exception {
		try (Pod pod = Pod.start("own-shutdown", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "pod.shutdown-hook=false")) {
			pod.awaitReady(Duration.ofSeconds(60));
			pod.terminate();
			pod.awaitExit(EXIT_BOUND);
			// No shutdown hook: nothing closes the context, and the JVM's handler exits.
			assertThat(pod.exitCode()).as(pod.log()).isEqualTo(143);
			assertThat(pod.log()).doesNotContain("Commencing propagation phase");
		}
	}

	@Test
	void withTwoApplicationsInOneJvmTheFirstHandlesTheSignalAndTheJvmsExitClosesTheSecond() throws Exception {
		int secondPort = Pod.freePort();
		try (Pod pod = Pod.start("two-applications", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "pod.second-application-port=" + secondPort)) {
			pod.awaitReady(Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> status(secondPort, "/actuator/health/readiness") == 200);
			pod.terminate();
			pod.awaitExit(EXIT_BOUND);
			String log = pod.log();
			assertThat(pod.exitCode()).as(log).isZero();
			// The first closes on SIGTERM; the second, left to Spring Boot's shutdown hook,
			// closes when the first calls System.exit.
			assertThat(log).contains("Commencing propagation phase on SIGTERM at ")
				.contains("Commencing propagation phase on the JVM's exit at ")
				.contains(" trigger=sigterm ")
				.contains(" trigger=jvm-exit ");
		}
	}

	@Test
	void anExitStatusThatWouldPassForASignalFailsStartupNamingTheKey() throws Exception {
		try (Pod pod = Pod.start("bad-status", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.exit-status.unclean=137")) {
			assertThat(pod.awaitExitWithoutSignal(Duration.ofSeconds(60))).isOne();
			assertThat(pod.log()).contains("APPLICATION FAILED TO START")
				.contains("Invalid value '137' for property 'graceful-shutdown.exit-status.unclean'")
				.contains("a whole number from 1 to 255 other than 137 and 143");
		}
	}

	@Test
	void sigintExitsWithZeroAndSaysSo() throws Exception {
		Path message = terminationMessage("sigint");
		try (Pod pod = Pod.start("sigint", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "graceful-shutdown.termination-message-path=" + message)) {
			pod.awaitReady(Duration.ofSeconds(60));
			pod.signal("INT");
			pod.awaitExit(EXIT_BOUND);
			String log = pod.log();
			assertThat(pod.exitCode()).as(log).isZero();
			assertThat(log).contains("Commencing propagation phase on SIGINT at ");
			assertThat(Files.readString(message, StandardCharsets.UTF_8)).contains(" trigger=sigint ");
		}
	}

	@Test
	void everyOtherShutdownHookOfTheJvmFinishesBeforeTheExit() throws Exception {
		Path marker = WORK_DIR.resolve("exit-hook.marker");
		Files.createDirectories(WORK_DIR);
		Files.deleteIfExists(marker);
		try (Pod pod = Pod.start("exit-hook", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "pod.exit-hook=500ms", "pod.exit-hook-marker=" + marker)) {
			pod.awaitReady(Duration.ofSeconds(60));
			pod.terminate();
			Duration exit = pod.awaitExit(EXIT_BOUND);
			assertThat(pod.exitCode()).as(pod.log()).isZero();
			assertThat(marker).as("written by the application's own hook after 500 ms of work")
				.hasContent("flushed after 500ms");
			assertThat(exit).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		}
	}

	@Test
	void aPreStopCallIsTheTriggerAndNamesItsCaller() throws Exception {
		Path message = terminationMessage("prestop-trigger");
		int managementPort = Pod.freePort();
		try (Pod pod = Pod.start("prestop-trigger", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=" + PROPAGATION_DELAY.toMillis() + "ms",
				"management.server.port=" + managementPort, "management.endpoint.prestop.access=read-only",
				"management.endpoints.web.exposure.include=health,prestop,gracefulshutdown",
				"graceful-shutdown.termination-message-path=" + message)) {
			pod.awaitReady(Duration.ofSeconds(60));
			assertThat(get(managementPort, "/actuator/prestop")).isEqualTo(200);
			String status = body(managementPort, "/actuator/gracefulshutdown");
			assertThat(status).contains("\"trigger\":\"prestop\"", "\"triggerCaller\":\"127.0.0.1\"",
					"\"triggeredAt\":\"");
			pod.terminate();
			pod.awaitExit(EXIT_BOUND);
			String log = pod.log();
			assertThat(pod.exitCode()).as(log).isZero();
			assertThat(log).contains("Commencing propagation phase on the preStop call from 127.0.0.1 at ");
			assertThat(Files.readString(message, StandardCharsets.UTF_8)).contains(" trigger=prestop ",
					" trigger_caller=127.0.0.1");
		}
	}

	@Test
	void aShutdownThatOutlivesTheGracePeriodSaysWhatStillRunsBeforeSigkill() throws Exception {
		Path message = terminationMessage("last-gasp");
		Duration gracePeriod = Duration.ofSeconds(4);
		try (Pod pod = Pod.start("last-gasp", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"graceful-shutdown.propagation-delay=0", "graceful-shutdown.drain-timeout=1s",
				"graceful-shutdown.termination-grace-period=" + gracePeriod.toSeconds() + "s", "pod.slow-stop=60s",
				"graceful-shutdown.termination-message-path=" + message,
				"management.endpoints.web.exposure.include=health,prometheus")) {
			pod.awaitReady(Duration.ofSeconds(60));
			this.client.submit(() -> get(pod.port(), "/work?ms=60000"));
			await().atMost(Duration.ofSeconds(10)).until(() -> pod.activeRequests() == 1);
			pod.terminate();
			long signalled = System.nanoTime();
			await().atMost(gracePeriod.plusSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> Files.readString(message, StandardCharsets.UTF_8).startsWith("Last gasp"));
			Duration gasped = Duration.ofNanos(System.nanoTime() - signalled);
			// As the kubelet does once the grace period is over.
			await().atMost(gracePeriod.plusSeconds(10))
				.until(() -> Duration.ofNanos(System.nanoTime() - signalled).compareTo(gracePeriod) >= 0);
			pod.close();
			pod.awaitExit(EXIT_BOUND);
			String log = pod.log();
			String lastGasp = Files.readString(message, StandardCharsets.UTF_8);
			System.out.printf("last gasp %d ms after SIGTERM (grace period %d ms): %s%n", gasped.toMillis(),
					gracePeriod.toMillis(), lastGasp);
			assertThat(pod.exitCode()).isEqualTo(137);
			assertThat(lastGasp).contains("phase=running", "after SIGTERM at ",
					"requests in flight: GET /work (running for ",
					"closing thread at io.github.gracefulshutdown.e2e.PodApplication");
			assertThat(lastGasp).containsPattern("lifecycle beans still running: [^;]*\\bslowStop\\b");
			assertThat(log).contains("of the grace period left and the shutdown is not over, SIGKILL is coming: ");
			assertThat(gasped).isLessThan(gracePeriod);
		}
	}

	private static Path terminationMessage(String name) throws IOException {
		Files.createDirectories(WORK_DIR);
		Path message = WORK_DIR.resolve(name + ".termination-log");
		// Kubernetes makes the file before the container starts; the starter never does.
		Files.writeString(message, "");
		return message;
	}

	private static String name(WebServer server) {
		return server.name().toLowerCase(Locale.ROOT);
	}

	private static int get(int port, String path) {
		try (RawHttpConnection connection = RawHttpConnection.open(port, Duration.ofSeconds(90))) {
			return connection.exchange("GET", path).status();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int status(int port, String path) {
		try (RawHttpConnection connection = RawHttpConnection.open(port, Duration.ofSeconds(5))) {
			return connection.exchange("GET", path).status();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static String body(int port, String path) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			return connection.exchange("GET", path).body();
		}
	}

}

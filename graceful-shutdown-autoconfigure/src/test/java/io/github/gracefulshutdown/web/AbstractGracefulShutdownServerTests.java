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

package io.github.gracefulshutdown.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManualPropagationEnd;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.PreStopBounds;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Server-level behaviour of the shutdown sequence over real sockets, written once and run
 * against every supported web server. Shutdown is triggered the way the JVM's shutdown
 * hook does it, by closing the context on another thread.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractGracefulShutdownServerTests {

	private static final String TOKEN = "s3cr3t-t0ken";

	private static final List<String> MANAGEMENT_CONTEXTS = List.of(
			"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration",
			"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
			"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
			"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration",
			"org.springframework.boot.reactor.netty.autoconfigure.actuate.web.server.NettyReactiveManagementContextAutoConfiguration");

	private static final int WEB_SOCKETS = 5;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int EVENT_STREAMS = 5;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private ConfigurableApplicationContext context;

	private Gate gate;

	/**
	 * Return a builder for an application with the server under test that serves
	 * {@code /hello} at once and {@code /block} once the {@link Gate} opens.
	 * @return the application builder
	 */
	protected abstract SpringApplicationBuilder application();

	/**
	 * Return the auto-configuration of the management server's own context for the
	 * server under test: with every server on the test classpath, each one's would
	 * register the same child context factory.
	 * @return its class name
	 */
	protected abstract String managementContextAutoConfiguration();

	private String[] preStopOnAManagementPort() {
		String others = String.join(",", MANAGEMENT_CONTEXTS.stream()
			.filter((name) -> !name.equals(managementContextAutoConfiguration()))
			.toList());
		return new String[] { "graceful-shutdown.propagation-delay=1m", "management.server.port=0",
				"management.endpoint.prestop.access=read-only",
				"management.endpoints.web.exposure.include=health,prestop", "graceful-shutdown.prestop.token=" + TOKEN,
				"spring.autoconfigure.exclude=" + others };
	}

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.gate.open();
			this.context.close();
		}
		this.executor.shutdownNow();
	}

	@Test
	void whenShutdownBeginsThenReadinessGoesDownAndLivenessStaysUp() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			assertThat(connection.exchange("GET", "/actuator/health/readiness").status()).isEqualTo(200);
		}
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			assertThat(connection.exchange("GET", "/actuator/health/readiness").status()).isEqualTo(503);
		}
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			assertThat(connection.exchange("GET", "/actuator/health/liveness").status()).isEqualTo(200);
		}
		endPropagationAndAwait(closing);
	}

	@Test
	void aPreStopCallWithoutTheTokenIsRefusedAndChangesNothingAndOneWithItBeginsThePropagationPhase()
			throws Exception {
		start(preStopOnAManagementPort());
		int management = managementPort();
		ShutdownTimeline timeline = this.context.getBean(ShutdownTimeline.class);
		for (String path : new String[] { "/actuator/prestop", "/actuator/prestop/", "/actuator/prestop;x=y",
				"/actuator/%70restop", "/actuator/PRESTOP" }) {
			assertThat(get(management, path, Map.of()).status()).as(path).isEqualTo(403);
		}
		assertThat(get(management, "/actuator/prestop", Map.of("X-Graceful-Shutdown-Token", "guess")).status())
			.isEqualTo(403);
		assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.RUNNING);
		assertThat(get(management, "/actuator/health/readiness", Map.of()).status()).isEqualTo(200);
		assertThat(get(port(), "/hello", Map.of()).closesConnection()).isFalse();

		Future<RawHttpConnection.Response> preStop = this.executor
			.submit(() -> get(management, "/actuator/prestop", Map.of("X-Graceful-Shutdown-Token", TOKEN)));
		awaitPhase(ShutdownPhase.PROPAGATING);
		assertThat(get(management, "/actuator/health/readiness", Map.of()).status()).isEqualTo(503);
		propagationEnd().end();
		Response answer = preStop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"propagationOver\":true");
		closeInBackground().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	@Test
	void aPreStopCallThatNoShutdownFollowsIsUndoneAndNamesItsCaller(CapturedOutput output) throws Exception {
		this.context = application().initializers(PreStopBounds.of(Duration.ofMillis(200)))
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(preStopOnAManagementPort())
			.run();
		this.gate = this.context.getBean(Gate.class);
		int management = managementPort();
		ShutdownStatistics statistics = this.context.getBean(ShutdownStatistics.class);
		propagationEnd().end();
		assertThat(get(management, "/actuator/prestop", Map.of("X-Graceful-Shutdown-Token", TOKEN)).status())
			.isEqualTo(200);
		await().atMost(TIMEOUT).until(statistics::abandonedShutdowns, (abandoned) -> abandoned == 1);
		assertThat(get(management, "/actuator/health/readiness", Map.of()).status()).isEqualTo(200);
		Response served = get(port(), "/hello", Map.of());
		assertThat(served.status()).isEqualTo(200);
		assertThat(served.closesConnection()).isFalse();
		assertThat(output).contains("Abandoning the shutdown begun by the preStop call from 127.0.0.1");
	}

	@Test
	void theExitWaitsOnTheManagementPortForAScrapeOfTheFinalFigures(CapturedOutput output) throws Exception {
		start(finalScrapeOnAManagementPort("1m"));
		int management = managementPort();
		// A scrape before the final figures are set does not end the wait.
		assertThat(phase(get(management, "/actuator/prometheus", Map.of()).body(), "running")).isEqualTo(1);
		long closingAt = System.nanoTime();
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		assertThat(phase(get(management, "/actuator/prometheus", Map.of()).body(), "propagating")).isEqualTo(1);
		propagationEnd().end();
		awaitPhase(ShutdownPhase.STOPPED);
		// The close is held with the final figures set, the management server answering.
		assertThat(closing.isDone()).isFalse();
		Response scrape = get(management, "/actuator/prometheus", Map.of());
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(phase(scrape.body(), "stopped")).isEqualTo(1);
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// Ended by the scrape, well before the minute the wait may last.
		assertThat(Duration.ofNanos(System.nanoTime() - closingAt)).isLessThan(TIMEOUT);
		assertThat(output).contains("Final figures scraped after");
	}

	@Test
	void withoutAScrapeTheExitWaitsNoLongerThanConfigured(CapturedOutput output) throws Exception {
		start(finalScrapeOnAManagementPort("1s"));
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		propagationEnd().end();
		awaitPhase(ShutdownPhase.STOPPED);
		long stoppedAt = System.nanoTime();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(TIMEOUT);
		assertThat(output).contains("No scrape of the Prometheus endpoint within 1s of the final figures");
	}

	private String[] finalScrapeOnAManagementPort(String wait) {
		String others = String.join(",", MANAGEMENT_CONTEXTS.stream()
			.filter((name) -> !name.equals(managementContextAutoConfiguration()))
			.toList());
		return new String[] { "graceful-shutdown.propagation-delay=1m", "management.server.port=0",
				"management.endpoints.web.exposure.include=health,prometheus",
				"graceful-shutdown.metrics.await-final-scrape=" + wait, "spring.autoconfigure.exclude=" + others };
	}

	private static double phase(String scrape, String phase) {
		Matcher sample = Pattern.compile("^graceful_shutdown_phase\\{[^}]*phase=\"" + phase + "\"[^}]*\\} (\\S+)$",
				Pattern.MULTILINE)
			.matcher(scrape);
		assertThat(sample.find()).as("graceful_shutdown_phase{phase=%s} in %s", phase, scrape).isTrue();
		return Double.parseDouble(sample.group(1));
	}

	private static Response get(int port, String path, Map<String, String> headers) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			return connection.exchange("GET", path, headers);
		}
	}

	protected int managementPort() {
		return this.context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	@Test
	void whenARequestIsInFlightAtShutdownThenItCompletesAndClosesItsConnection() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			connection.send("GET", "/block");
			awaitInFlight(1);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			gate().open();
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("released");
			assertThat(response.closesConnection()).isTrue();
			assertThat(connection.awaitEndOfStream(TIMEOUT)).isTrue();
			endPropagationAndAwait(closing);
		}
	}

	@Test
	void whenShutdownHasBegunThenANewConnectionIsServedAndAskedToClose() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			Response response = connection.exchange("GET", "/hello");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello");
			assertThat(response.closesConnection()).isTrue();
			assertThat(connection.awaitEndOfStream(TIMEOUT)).isTrue();
		}
		endPropagationAndAwait(closing);
	}

	@Test
	void whenShutdownHasBegunThenAProbeIsAskedToCloseButNotCountedAsApplicationTraffic() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			Response probe = connection.exchange("GET", "/actuator/health/liveness");
			assertThat(probe.status()).isEqualTo(200);
			// Harmless on a probe, and a scraper's kept-alive connection moves on too.
			assertThat(probe.closesConnection()).isTrue();
		}
		assertThat(statistics.connectionsToldToClose()).isZero();
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			assertThat(connection.exchange("GET", "/hello").closesConnection()).isTrue();
		}
		assertThat(statistics.connectionsToldToClose()).isEqualTo(1);
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(1);
		endPropagationAndAwait(closing);
	}

	@Test
	void whenShutdownHasBegunThenTheApplicationsOwnLivezRouteIsALateApplicationRequest() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			Response response = connection.exchange("GET", "/livez");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("the application's own");
			assertThat(response.closesConnection()).isTrue();
		}
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(1);
		assertThat(statistics.connectionsToldToClose()).isEqualTo(1);
		endPropagationAndAwait(closing);
	}

	@Test
	void whenShutdownHasBegunThenAHealthGroupsAdditionalPathOnTheServerIsAProbe() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "management.endpoint.health.group.probe.include=ping",
				"management.endpoint.health.group.probe.additional-path=server:/probe");
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			// Served by the health group: the application has no such route.
			Response probe = connection.exchange("GET", "/probe");
			assertThat(probe.status()).isEqualTo(200);
			assertThat(probe.closesConnection()).isTrue();
		}
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
		assertThat(statistics.connectionsToldToClose()).isZero();
		endPropagationAndAwait(closing);
	}

	@Test
	void withAManagementPortOfItsOwnTheApplicationPortCarriesOnlyApplicationTraffic() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "management.server.port=0");
		int managementPort = context().getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		try (RawHttpConnection connection = RawHttpConnection.open(managementPort)) {
			assertThat(connection.exchange("GET", "/actuator/health/liveness").status()).isEqualTo(200);
		}
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isZero();
		assertThat(statistics.connectionsToldToClose()).isZero();
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			// Nothing of the actuator's is served here: an application request.
			Response response = connection.exchange("GET", "/actuator/health");
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.closesConnection()).isTrue();
		}
		assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(1);
		assertThat(statistics.connectionsToldToClose()).isEqualTo(1);
		endPropagationAndAwait(closing);
	}

	@Test
	void whenShutdownBeginsThenAKeptAliveConnectionIsAskedToCloseOnItsNextResponse() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			Response beforeShutdown = connection.exchange("GET", "/hello");
			assertThat(beforeShutdown.status()).isEqualTo(200);
			assertThat(beforeShutdown.closesConnection()).isFalse();
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			Response duringShutdown = connection.exchange("GET", "/hello");
			assertThat(duringShutdown.status()).isEqualTo(200);
			assertThat(duringShutdown.closesConnection()).isTrue();
			assertThat(connection.awaitEndOfStream(TIMEOUT)).isTrue();
			endPropagationAndAwait(closing);
		}
	}

	@Test
	void whenTheDrainStartsThenAnIdleKeepAliveConnectionIsClosedCleanly() throws Exception {
		start("graceful-shutdown.propagation-delay=1m");
		try (RawHttpConnection idle = RawHttpConnection.open(port());
				RawHttpConnection busy = RawHttpConnection.open(port())) {
			assertThat(idle.exchange("GET", "/hello").closesConnection()).isFalse();
			busy.send("GET", "/block");
			awaitInFlight(1);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			propagationEnd().end();
			awaitPhase(ShutdownPhase.DRAINING);
			assertThat(idle.awaitEndOfStream(TIMEOUT)).isTrue();
			assertThat(closing).isNotDone();
			gate().open();
			Response response = busy.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.closesConnection()).isTrue();
			closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void whenTheDrainStartsThenOpenEventStreamsEndCleanlyInsteadOfHoldingIt() throws Exception {
		// Were the streams left open, they would hold the drain until its timeout and be
		// aborted then.
		start("graceful-shutdown.propagation-delay=1m", "graceful-shutdown.drain-timeout=5s");
		try (RawHttpConnections streams = new RawHttpConnections()) {
			for (int i = 0; i < EVENT_STREAMS; i++) {
				RawHttpConnection stream = streams.open(port());
				stream.send("GET", "/events");
			}
			OpenStreams openStreams = this.context.getBean(OpenStreams.class);
			ShutdownStatistics statistics = this.context.getBean(ShutdownStatistics.class);
			await().atMost(TIMEOUT).until(openStreams::count, (count) -> count == EVENT_STREAMS);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			endPropagationAndAwait(closing);
			for (RawHttpConnection stream : streams) {
				Response response = stream.readResponse();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.headers().get("content-type")).startsWith("text/event-stream");
				assertThat(response.body()).contains("data:open");
			}
			assertThat(statistics.streamsEnded()).isEqualTo(EVENT_STREAMS);
			assertThat(statistics.abortedRequests()).isZero();
		}
	}

	@Test
	void whenARequestOutlivesTheDrainTimeoutThenItIsAbortedAndCounted() throws Exception {
		start("graceful-shutdown.propagation-delay=0", "graceful-shutdown.drain-timeout=500ms");
		ShutdownStatistics statistics = this.context.getBean(ShutdownStatistics.class);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			connection.send("GET", "/block");
			awaitInFlight(1);
			long started = System.nanoTime();
			closeInBackground().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Duration shutdown = Duration.ofNanos(System.nanoTime() - started);
			assertThat(shutdown).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
			assertThat(statistics.abortedRequests()).isEqualTo(1);
			assertThatIOException().isThrownBy(connection::readResponse);
		}
	}

	@Test
	void whenTheDrainStartsThenHttp2ConnectionsGetGoAwayAndTheirOpenStreamsFinish() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "server.http2.enabled=true");
		try (Http2Connection connection = Http2Connection.open(port())) {
			assertGoAwayAtDrainStartAndOpenStreamFinishes(connection);
		}
	}

	@Test
	void whenTheDrainStartsThenHttp2ConnectionsOverTlsGetGoAwayAndTheirOpenStreamsFinish() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "server.http2.enabled=true",
				"server.ssl.certificate=classpath:tls/localhost.crt",
				"server.ssl.certificate-private-key=classpath:tls/localhost.key");
		try (Http2Connection connection = Http2Connection.openTls(port())) {
			assertGoAwayAtDrainStartAndOpenStreamFinishes(connection);
		}
	}

	@Test
	void whenShutdownHasBegunThenAnHttp2ResponseIsALateRequestButNotToldToClose() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "server.http2.enabled=true");
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		try (Http2Connection connection = Http2Connection.open(port())) {
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			Http2Connection.Response late = connection.get("/hello").get(30, TimeUnit.SECONDS);
			assertThat(late.status()).isEqualTo(200);
			assertThat(late.connectionHeader()).isFalse();
			assertThat(statistics.lateRequests(ShutdownPhase.PROPAGATING)).isEqualTo(1);
			// Only a GOAWAY at the drain's start can end an HTTP/2 connection.
			assertThat(statistics.connectionsToldToClose()).isZero();
			endPropagationAndAwait(closing);
		}
	}

	private void assertGoAwayAtDrainStartAndOpenStreamFinishes(Http2Connection connection) throws Exception {
		assertThat(connection.get("/hello").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		CompletableFuture<Http2Connection.Response> blocked = connection.get("/block");
		awaitInFlight(1);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		// Still served while propagating, with no connection header: HTTP/2 forbids it.
		Http2Connection.Response late = connection.get("/hello").get(30, TimeUnit.SECONDS);
		assertThat(late.status()).isEqualTo(200);
		assertThat(late.connectionHeader()).isFalse();
		assertThat(connection.goAway()).isNotDone();
		propagationEnd().end();
		assertThat(connection.goAway().get(30, TimeUnit.SECONDS).getError()).isZero();
		assertThat(blocked).isNotDone();
		gate().open();
		assertThat(blocked.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		closing.get(30, TimeUnit.SECONDS);
	}

	@Test
	void withAQuietPeriodThePropagationPhaseEndsOnceNoTrafficArrivesAfterItsMinimum() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "test.manual-propagation-end=false", "graceful-shutdown.quiet-period=200ms",
				"graceful-shutdown.minimum-propagation-delay=500ms");
		ShutdownTimeline timeline = context().getBean(ShutdownTimeline.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.DRAINING);
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline.timeIn(ShutdownPhase.PROPAGATING)).isBetween(Duration.ofMillis(500), TIMEOUT);
	}

	@Test
	void withAQuietPeriodRequestsOnNewConnectionsKeepThePropagationPhaseGoing() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "test.manual-propagation-end=false", "graceful-shutdown.quiet-period=300ms",
				"graceful-shutdown.minimum-propagation-delay=0");
		ShutdownTimeline timeline = context().getBean(ShutdownTimeline.class);
		Future<?> closing = closeInBackground();
		awaitPhase(ShutdownPhase.PROPAGATING);
		Duration lastRequestSent = Duration.ZERO;
		// Each request arrives before the quiet period since the previous one is over.
		for (int i = 0; i < 10; i++) {
			lastRequestSent = timeline.sinceShutdownBegan();
			try (RawHttpConnection connection = RawHttpConnection.open(port())) {
				Response response = connection.exchange("GET", "/hello");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.closesConnection()).isTrue();
			}
			assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.PROPAGATING);
		}
		awaitPhase(ShutdownPhase.DRAINING);
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline.timeIn(ShutdownPhase.PROPAGATING)).isBetween(lastRequestSent.plusMillis(300), TIMEOUT);
	}

	@Test
	void withAQuietPeriodAnIdleKeptAliveConnectionHoldsThePropagationPhaseUntilToldToClose() throws Exception {
		start("graceful-shutdown.propagation-delay=1m", "test.manual-propagation-end=false", "graceful-shutdown.quiet-period=100ms",
				"graceful-shutdown.minimum-propagation-delay=0");
		ShutdownTimeline timeline = context().getBean(ShutdownTimeline.class);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			assertThat(connection.exchange("GET", "/hello").closesConnection()).isFalse();
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			// Ten quiet periods: the kept-alive connection could still carry a request.
			await().during(Duration.ofSeconds(1))
				.atMost(TIMEOUT)
				.until(timeline::getPhase, (phase) -> phase == ShutdownPhase.PROPAGATING);
			Duration toldToClose = timeline.sinceShutdownBegan();
			Response response = connection.exchange("GET", "/hello");
			assertThat(response.closesConnection()).isTrue();
			awaitPhase(ShutdownPhase.DRAINING);
			closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(timeline.timeIn(ShutdownPhase.PROPAGATING)).isBetween(toldToClose, TIMEOUT);
		}
	}

	@Test
	void whenTheDrainStartsThenOpenWebSocketsAreClosedAsGoingAway() throws Exception {
		assertWebSocketsAreClosedAsGoingAwayWhenTheDrainStarts();
	}

	/**
	 * Open WebSockets, hold the drain with a request in flight, and check that every
	 * WebSocket is closed with 1001 while the drain is still on: a server that closes them
	 * only when it stops, as Tomcat does, fails this.
	 * @param properties extra properties of the application
	 * @throws Exception if the test fails
	 */
	protected void assertWebSocketsAreClosedAsGoingAwayWhenTheDrainStarts(String... properties) throws Exception {
		start(Stream.concat(Stream.of("graceful-shutdown.propagation-delay=1m"), Stream.of(properties))
			.toArray(String[]::new));
		HttpClient client = HttpClient.newHttpClient();
		List<WebSocketClientSession> sessions = new ArrayList<>();
		for (int i = 0; i < WEB_SOCKETS; i++) {
			WebSocketClientSession session = WebSocketClientSession.open(client,
					URI.create("ws://localhost:" + port() + "/ws"), TIMEOUT);
			assertThat(session.nextMessage(TIMEOUT)).isEqualTo("open");
			sessions.add(session);
		}
		ShutdownStatistics statistics = context().getBean(ShutdownStatistics.class);
		try (RawHttpConnection connection = RawHttpConnection.open(port())) {
			connection.send("GET", "/block");
			awaitInFlight(1);
			Future<?> closing = closeInBackground();
			awaitPhase(ShutdownPhase.PROPAGATING);
			propagationEnd().end();
			for (WebSocketClientSession session : sessions) {
				assertThat(session.closeStatus().get(30, TimeUnit.SECONDS)).isEqualTo(1001);
			}
			assertThat(closing).isNotDone();
			gate().open();
			assertThat(connection.readResponse().status()).isEqualTo(200);
			closing.get(30, TimeUnit.SECONDS);
		}
		assertThat(statistics.abortedRequests()).isZero();
		assertThat(statistics.streamsEnded()).isEqualTo(WEB_SOCKETS);
	}

	protected void start(String... properties) {
		this.context = application().properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		this.gate = this.context.getBean(Gate.class);
	}

	protected ConfigurableApplicationContext context() {
		return this.context;
	}

	protected int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	protected Gate gate() {
		return this.gate;
	}

	protected ManualPropagationEnd propagationEnd() {
		return this.context.getBean(ManualPropagationEnd.class);
	}

	protected GracefulShutdownLifecycle lifecycle() {
		return this.context.getBean(GracefulShutdownLifecycle.class);
	}

	protected Future<?> closeInBackground() {
		return this.executor.submit(this.context::close);
	}

	protected void awaitPhase(ShutdownPhase phase) {
		ShutdownTimeline timeline = this.context.getBean(ShutdownTimeline.class);
		await().atMost(TIMEOUT).until(timeline::getPhase, (current) -> current.compareTo(phase) >= 0);
	}

	protected void awaitInFlight(int count) {
		InFlightRequests inFlightRequests = this.context.getBean(InFlightRequests.class);
		await().atMost(TIMEOUT).until(inFlightRequests::count, (current) -> current == count);
	}

	private void endPropagationAndAwait(Future<?> closing) throws Exception {
		propagationEnd().end();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Holds {@code /block} requests until a test opens it.
	 */
	static class Gate {

		final CountDownLatch latch = new CountDownLatch(1);

		final CompletableFuture<String> future = new CompletableFuture<>();

		void open() {
			this.latch.countDown();
			this.future.complete("released");
		}

		String awaitOpen() throws IOException {
			try {
				this.latch.await();
				return "released";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while blocked", ex);
			}
		}

	}

}

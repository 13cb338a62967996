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


package io.github.gracefulshutdown.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The library chart seen from a team's own chart ({@code src/test/charts/orders}), whose
 * Deployment includes the library's named templates as the library's README shows: the grace
 * period covers the preStop hook, the app's propagation delay, the drain and the margin in
 * every preStop mode, and a too-small grace period fails naming the value.
 */
class LibraryChartTests {

	private static final String DELAY = "GRACEFUL_SHUTDOWN_PROPAGATION_DELAY";

	private static final String DRAIN = "GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT";

	private static final String GRACE = "GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD";

	static Stream<Arguments> sequences() {
		return Stream.of("http", "sleep", "none")
			.flatMap((preStop) -> Stream.of(Arguments.of(preStop, 5, 30, 5), Arguments.of(preStop, 12, 45, 2),
					Arguments.of(preStop, 0, 10, 3), Arguments.of(preStop, 30, 0, 7)));
	}

	@ParameterizedTest(name = "preStop {0}: delay {1}s, drain {2}s, margin {3}s")
	@MethodSource("sequences")
	void gracePeriodCoversPreStopDelayDrainAndMarginInEveryMode(String preStop, int delay, int drain, int margin) {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.preStop", preStop)
			.set("gracefulShutdown.propagationDelaySeconds", delay)
			.set("gracefulShutdown.drainTimeoutSeconds", drain)
			.set("gracefulShutdown.marginSeconds", margin)
			.render();
		long grace = chart.podSpec().getTerminationGracePeriodSeconds();
		long kubeletSleep = preStopSleepSeconds(chart.container().getLifecycle());
		long appDelay = seconds(chart.env().get(DELAY));
		long appDrain = seconds(chart.env().get(DRAIN));
		assertThat(kubeletSleep + appDelay).as("the propagation delay runs once, in the kubelet or in the app")
			.isEqualTo(delay);
		assertThat(appDrain).isEqualTo(drain);
		assertThat(grace).as("grace period >= preStop sleep + app delay + drain + margin")
			.isGreaterThanOrEqualTo(kubeletSleep + appDelay + appDrain + margin)
			.isEqualTo(delay + drain + margin);
		assertThat(chart.env()).containsEntry(GRACE, grace + "s");
		if ("http".equals(preStop)) {
			assertThat(chart.container().getLifecycle().getPreStop().getHttpGet().getPath())
				.isEqualTo("/actuator/prestop");
		}
		if ("none".equals(preStop) || ("sleep".equals(preStop) && delay == 0)) {
			assertThat(chart.container().getLifecycle()).isNull();
		}
	}

	private static long preStopSleepSeconds(Lifecycle lifecycle) {
		if (lifecycle == null || lifecycle.getPreStop().getSleep() == null) {
			return 0;
		}
		return lifecycle.getPreStop().getSleep().getSeconds();
	}

	private static long seconds(String duration) {
		assertThat(duration).matches("[0-9]+s");
		return Long.parseLong(duration.substring(0, duration.length() - 1));
	}

	@Test
	void aTeamThatSetsNothingGetsTheDefaults() {
		RenderedChart chart = ChartTemplate.ofTeamChart().render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L + 30 + 5);
		assertThat(chart.env()).containsOnly(entry("MANAGEMENT_SERVER_PORT", "8081"),
				entry("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,prometheus,gracefulshutdown,prestop"),
				entry("MANAGEMENT_ENDPOINT_PRESTOP_ACCESS", "read-only"), entry(DELAY, "5s"), entry(DRAIN, "30s"),
				entry(GRACE, "40s"));
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.containsExactly("http:8080", "management:8081");
	}

	@Test
	void aZeroIsAValueNotAMissingOne() {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.propagationDelaySeconds", 0)
			.set("gracefulShutdown.drainTimeoutSeconds", 0)
			.render();
		assertThat(chart.env()).containsEntry(DELAY, "0s").containsEntry(DRAIN, "0s");
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
	}

	@Test
	void aTooSmallGracePeriodFailsNamingIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStop", "sleep")
				.set("gracefulShutdown.propagationDelaySeconds", 10)
				.set("gracefulShutdown.terminationGracePeriodSeconds", 44)
				.yaml())
			.withMessageContaining("gracefulShutdown.terminationGracePeriodSeconds (44) is less than"
					+ " propagationDelaySeconds (10) + drainTimeoutSeconds (30) + marginSeconds (5) = 45");
	}

	@Test
	void aLargerGracePeriodIsUsedAsIs() {
		RenderedChart chart = ChartTemplate.ofTeamChart().set("gracefulShutdown.terminationGracePeriodSeconds", 90).render();
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(90L);
		assertThat(chart.env()).containsEntry(GRACE, "90s");
	}

	@Test
	void aGracePeriodThatIsNotWholeSecondsFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.terminationGracePeriodSeconds", "45s")
				.yaml())
			.withMessageContaining("gracefulShutdown.terminationGracePeriodSeconds (45s) must be a whole number");
	}

	@Test
	void aMisspelledSettingFailsSinceNoSchemaWouldCatchIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.drainTimeout", 30).yaml())
			.withMessageContaining("gracefulShutdown.drainTimeout is not a setting of the graceful-shutdown library")
			.withMessageContaining("drainTimeoutSeconds");
	}

	@Test
	void theChecksOfTheDemoSchemaHoldForTeamsToo() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.preStop", "exec").yaml())
			.withMessageContaining("gracefulShutdown.preStop (exec) must be one of http, sleep, none");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.marginSeconds", 1).yaml())
			.withMessageContaining("gracefulShutdown.marginSeconds (1) must be at least 2");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.drainTimeoutSeconds", -1).yaml())
			.withMessageContaining("gracefulShutdown.drainTimeoutSeconds (-1) may not be negative");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStop", "sleep")
				.withKubeVersion("1.29.8")
				.yaml())
			.withMessageContaining("gracefulShutdown.preStop sleep needs Kubernetes 1.30 or later");
	}

	@Test
	void aTeamsContainerShowsTheAppsReportAsItsTerminationMessage() {
		assertThat(ChartTemplate.ofTeamChart().render().container().getTerminationMessagePolicy())
			.isEqualTo("FallbackToLogsOnError");
	}

	@Test
	void probesAskTheManagementPortAndTakeOverrides() {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.probes.liveness.timeoutSeconds", 3)
			.set("gracefulShutdown.probes.readiness.failureThreshold", 1)
			.render();
		Container container = chart.container();
		Probe readiness = container.getReadinessProbe();
		assertThat(readiness.getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(readiness.getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
		assertThat(readiness.getPeriodSeconds()).isEqualTo(2);
		assertThat(readiness.getFailureThreshold()).isEqualTo(1);
		Probe liveness = container.getLivenessProbe();
		assertThat(liveness.getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(liveness.getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
		assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
		assertThat(liveness.getTimeoutSeconds()).isEqualTo(3);
	}

	@Test
	void anotherManagementPortMovesTheAppAndThePort() {
		RenderedChart chart = ChartTemplate.ofTeamChart().set("gracefulShutdown.managementPort", 9090).render();
		assertThat(chart.env()).containsEntry("MANAGEMENT_SERVER_PORT", "9090");
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.contains("management:9090");
	}

	@Test
	void preStopHeadersGoOnTheHttpCall() {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.preStopHttpHeaders[0].name", "X-Prestop-Token")
			.set("gracefulShutdown.preStopHttpHeaders[0].value", "s3cr3t")
			.render();
		List<HTTPHeader> headers = chart.container().getLifecycle().getPreStop().getHttpGet().getHttpHeaders();
		assertThat(headers).singleElement().satisfies((header) -> {
			assertThat(header.getName()).isEqualTo("X-Prestop-Token");
			assertThat(header.getValue()).isEqualTo("s3cr3t");
		});
	}

	@Test
	void thePreStopTokenGoesOnTheKubeletsCallAndIntoTheAppFromOneValue() {
		String token = "9f2c4e1a7b3d5f608e1c2a4b";
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.preStopToken", token)
			.set("gracefulShutdown.preStopHttpHeaders[0].name", "X-Team")
			.set("gracefulShutdown.preStopHttpHeaders[0].value", "orders")
			.render();
		List<HTTPHeader> headers = chart.container().getLifecycle().getPreStop().getHttpGet().getHttpHeaders();
		assertThat(headers).extracting(HTTPHeader::getName, HTTPHeader::getValue)
			.containsExactly(tuple("X-Team", "orders"),
					tuple("X-Graceful-Shutdown-Token", token));
		assertThat(chart.env()).containsEntry("GRACEFUL_SHUTDOWN_PRESTOP_TOKEN", token);
	}

	@Test
	void withoutAPreStopTokenTheCallCarriesNoneAndTheAppRequiresNone() {
		RenderedChart chart = ChartTemplate.ofTeamChart().render();
		assertThat(chart.container().getLifecycle().getPreStop().getHttpGet().getHttpHeaders()).isNullOrEmpty();
		assertThat(chart.env()).doesNotContainKey("GRACEFUL_SHUTDOWN_PRESTOP_TOKEN");
	}

	@Test
	void aPreStopTokenThatCannotWorkFailsRendering() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStop", "none")
				.set("gracefulShutdown.preStopToken", "9f2c4e1a7b3d5f608e1c2a4b")
				.yaml())
			.withMessageContaining("gracefulShutdown.preStopToken needs preStop http (this is none)");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.preStopToken", "short").yaml())
			.withMessageContaining("gracefulShutdown.preStopToken must be at least 16 characters (this has 5)");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStopToken", "9f2c4e1a7b3d5f60 8e1c2a4b")
				.yaml())
			.withMessageContaining("gracefulShutdown.preStopToken must be printable ASCII without spaces");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStopToken", "9f2c4e1a7b3d5f608e1c2a4b")
				.set("gracefulShutdown.preStopHttpHeaders[0].name", "x-graceful-shutdown-token")
				.set("gracefulShutdown.preStopHttpHeaders[0].value", "other")
				.yaml())
			.withMessageContaining("must not set X-Graceful-Shutdown-Token: gracefulShutdown.preStopToken sets it");
	}

	@Test
	void preStopHeadersFailWithoutAnHttpCall() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("gracefulShutdown.preStop", "none")
				.set("gracefulShutdown.preStopHttpHeaders[0].name", "X-Prestop-Token")
				.set("gracefulShutdown.preStopHttpHeaders[0].value", "s3cr3t")
				.yaml())
			.withMessageContaining("gracefulShutdown.preStopHttpHeaders needs preStop http (this is none)");
	}

	@Test
	void theReadmesExampleIsTheTeamChartsDeployment() throws IOException {
		String deployment = Files.readString(ChartTemplate.TEAM_CHART.resolve("templates/deployment.yaml"));
		String readme = Files.readString(ChartTemplate.LIBRARY.resolve("README.md"));
		assertThat(deployment).contains("include \"graceful-shutdown.terminationGracePeriodSeconds\"",
				"include \"graceful-shutdown.env\"", "include \"graceful-shutdown.lifecycle\"",
				"include \"graceful-shutdown.probes\"");
		assertThat(readme).contains("```yaml\n" + deployment + "```\n");
	}

}

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

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Each {@code gracefulShutdown.preStop} mode runs the propagation delay exactly once: in
 * the app through the preStop HTTP call, in the kubelet as a preStop sleep, or in the app
 * on SIGTERM.
 */
class PreStopTests {

	private static final String DELAY = "GRACEFUL_SHUTDOWN_PROPAGATION_DELAY";

	private static final String EXPOSURE = "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE";

	private static final String PRESTOP_ACCESS = "MANAGEMENT_ENDPOINT_PRESTOP_ACCESS";

	@Test
	void httpCallsThePrestopEndpointOnTheManagementPortAndTheAppRunsTheDelay() {
		RenderedChart chart = ChartTemplate.of().withCiValues("default").render();
		Lifecycle lifecycle = chart.container().getLifecycle();
		assertThat(lifecycle.getPostStart()).isNull();
		LifecycleHandler preStop = lifecycle.getPreStop();
		assertThat(preStop.getSleep()).isNull();
		assertThat(preStop.getExec()).isNull();
		HTTPGetAction httpGet = preStop.getHttpGet();
		assertThat(httpGet.getPath()).isEqualTo("/actuator/prestop");
		assertThat(httpGet.getPort()).isEqualTo(new IntOrString("management"));
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.contains("management:8081");
		assertThat(chart.env()).containsEntry(DELAY, "5s")
			.containsEntry(PRESTOP_ACCESS, "read-only")
			.containsEntry(EXPOSURE, "health,prometheus,gracefulshutdown,prestop");
	}

	@Test
	void theDemosPreStopTokenGoesOnTheCallAndIntoTheApp() {
		RenderedChart chart = ChartTemplate.of().set("gracefulShutdown.preStopToken", "0123456789abcdef0123").render();
		assertThat(chart.container().getLifecycle().getPreStop().getHttpGet().getHttpHeaders())
			.singleElement()
			.satisfies((header) -> {
				assertThat(header.getName()).isEqualTo("X-Graceful-Shutdown-Token");
				assertThat(header.getValue()).isEqualTo("0123456789abcdef0123");
			});
		assertThat(chart.env()).containsEntry("GRACEFUL_SHUTDOWN_PRESTOP_TOKEN", "0123456789abcdef0123");
	}

	@Test
	void sleepLetsTheKubeletRunTheDelayAndTheAppSkipsIt() {
		RenderedChart chart = ChartTemplate.of().withCiValues("prestop-sleep").render();
		LifecycleHandler preStop = chart.container().getLifecycle().getPreStop();
		assertThat(preStop.getHttpGet()).isNull();
		assertThat(preStop.getExec()).isNull();
		assertThat(preStop.getSleep().getSeconds()).isEqualTo(5L);
		assertThat(chart.env()).containsEntry(DELAY, "0s")
			.containsEntry(EXPOSURE, "health,prometheus,gracefulshutdown")
			.doesNotContainKey(PRESTOP_ACCESS);
	}

	@Test
	void sleepLastsThePropagationDelay() {
		RenderedChart chart = ChartTemplate.of()
			.withCiValues("prestop-sleep")
			.set("gracefulShutdown.propagationDelaySeconds", 12)
			.render();
		assertThat(chart.container().getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(12L);
		assertThat(chart.env()).containsEntry(DELAY, "0s");
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(12L + 30 + 5);
	}

	@Test
	void sleepOfZeroSecondsRendersNoHook() {
		RenderedChart chart = ChartTemplate.of()
			.withCiValues("prestop-sleep")
			.set("gracefulShutdown.propagationDelaySeconds", 0)
			.render();
		assertThat(chart.container().getLifecycle()).isNull();
		assertThat(chart.env()).containsEntry(DELAY, "0s");
	}

	@Test
	void sleepFailsOnKubernetesOlderThan130() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().withCiValues("prestop-sleep").withKubeVersion("1.29.8").yaml())
			.withMessageContaining("gracefulShutdown.preStop sleep needs Kubernetes 1.30 or later (this is v1.29.8)");
	}

	@Test
	void aQuietPeriodMakesTheDelayTheMaximumOfTheAppsPropagationPhase() {
		RenderedChart chart = ChartTemplate.of()
			.set("gracefulShutdown.propagationDelaySeconds", 10)
			.set("gracefulShutdown.quietPeriodMilliseconds", 500)
			.render();
		assertThat(chart.env()).containsEntry(DELAY, "10s")
			.containsEntry("GRACEFUL_SHUTDOWN_QUIET_PERIOD", "500ms")
			.containsEntry("GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD", "45s");
		assertThat(chart.container().getLifecycle().getPreStop().getHttpGet().getPath())
			.isEqualTo("/actuator/prestop");
	}

	@Test
	void aQuietPeriodFailsWithASleepThatAlwaysLastsTheWholeDelay() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of()
				.withCiValues("prestop-sleep")
				.set("gracefulShutdown.quietPeriodMilliseconds", 500)
				.yaml())
			.withMessageContaining("gracefulShutdown.quietPeriodMilliseconds needs preStop http or none");
	}

	@Test
	void noneLeavesTheDelayToTheAppOnSigterm() {
		RenderedChart chart = ChartTemplate.of().withCiValues("prestop-none").render();
		assertThat(chart.container().getLifecycle()).isNull();
		assertThat(chart.env()).containsEntry(DELAY, "5s")
			.containsEntry(EXPOSURE, "health,prometheus,gracefulshutdown")
			.doesNotContainKey(PRESTOP_ACCESS);
	}

	@Test
	void httpWorksOnAnyKubernetesVersion() {
		RenderedChart chart = ChartTemplate.of().withKubeVersion("1.25.0").render();
		assertThat(chart.container().getLifecycle().getPreStop().getHttpGet().getPath())
			.isEqualTo("/actuator/prestop");
	}

}

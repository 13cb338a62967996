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

import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Deployment and the objects around it, with the chart's default values.
 */
class DeploymentTests {

	private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "graceful-shutdown-demo",
			"app.kubernetes.io/instance", ChartTemplate.RELEASE_NAME);

	private final RenderedChart chart = ChartTemplate.of().render();

	@Test
	void probesAskTheManagementPort() {
		Container container = this.chart.container();
		assertThat(container.getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.containsExactly("http:8080", "management:8081");
		assertThat(this.chart.env()).containsEntry("SERVER_PORT", "8080")
			.containsEntry("MANAGEMENT_SERVER_PORT", "8081");
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
		assertThat(container.getReadinessProbe().getPeriodSeconds()).isLessThanOrEqualTo(2);
		assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
			.as("seconds the app gets to start")
			.isGreaterThanOrEqualTo(60);
	}

	@Test
	void theTerminationMessageIsTheAppsReportOrElseTheEndOfItsLog() {
		// The app writes its final report, or its last gasp, to the default path.
		assertThat(this.chart.container().getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
		assertThat(this.chart.container().getTerminationMessagePath()).isNull();
	}

	private void assertProbe(Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
	}

	@Test
	void appGetsItsShutdownSettingsAndOnlyThose() {
		assertThat(this.chart.env()).containsOnly(entry("SERVER_PORT", "8080"), entry("MANAGEMENT_SERVER_PORT", "8081"),
				entry("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,prometheus,gracefulshutdown,prestop"),
				entry("MANAGEMENT_ENDPOINT_PRESTOP_ACCESS", "read-only"),
				entry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS", "true"),
				entry("GRACEFUL_SHUTDOWN_PROPAGATION_DELAY", "5s"), entry("GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT", "30s"),
				entry("GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD", "40s"));
		assertThat(this.chart.podSpec().getEnableServiceLinks()).isFalse();
	}

	@Test
	void theRawProbesOfChart010FailNamingWhereTheyMoved() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("readinessProbe.periodSeconds", 5).yaml())
			.withMessageContaining("readinessProbe moved to gracefulShutdown.probes.readiness in chart 0.2.0");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("livenessProbe.periodSeconds", 5).yaml())
			.withMessageContaining("livenessProbe moved to gracefulShutdown.probes.liveness in chart 0.2.0");
	}

	@Test
	void probesCanBeTunedThroughTheGracefulShutdownBlock() {
		RenderedChart chart = ChartTemplate.of().set("gracefulShutdown.probes.readiness.timeoutSeconds", 2).render();
		assertThat(chart.container().getReadinessProbe().getTimeoutSeconds()).isEqualTo(2);
		assertProbe(chart.container().getReadinessProbe(), "/actuator/health/readiness");
	}

	@Test
	void extraEnvComesAfterTheChartsOwn() {
		RenderedChart chart = ChartTemplate.of()
			.set("extraEnv[0].name", "JAVA_TOOL_OPTIONS")
			.set("extraEnv[0].value", "-XX:MaxRAMPercentage=75")
			.render();
		assertThat(chart.env().keySet()).last().isEqualTo("JAVA_TOOL_OPTIONS");
		assertThat(chart.env()).containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
	}

	@Test
	void serviceExposesTheHttpPortOnly() {
		Service service = this.chart.service();
		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(service.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getPort()).isEqualTo(8080);
			assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
		});
		assertThat(this.chart.all(Service.class)).singleElement();
		assertThat(this.chart.all(Service.class)).flatExtracting((each) -> each.getSpec().getPorts())
			.extracting(ServicePort::getTargetPort)
			.doesNotContain(new IntOrString("management"), new IntOrString(8081));
	}

	@Test
	void rollsOutOnePodAtATimeWithoutGoingBelowTheReplicaCount() {
		Deployment deployment = this.chart.deployment();
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		RollingUpdateDeployment rollingUpdate = deployment.getSpec().getStrategy().getRollingUpdate();
		assertThat(rollingUpdate.getMaxUnavailable()).isEqualTo(new IntOrString(0));
		assertThat(rollingUpdate.getMaxSurge()).isEqualTo(new IntOrString(1));
	}

	@Test
	void podDisruptionBudgetLetsDrainsEvictOnePodAtATime() {
		PodDisruptionBudget budget = this.chart.get(PodDisruptionBudget.class, ChartTemplate.FULLNAME);
		assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
		assertThat(budget.getSpec().getMinAvailable()).isNull();
		assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
	}

	@Test
	void podDisruptionBudgetCanBeLeftOut() {
		RenderedChart chart = ChartTemplate.of().withCiValues("pdb-disabled").render();
		assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
		assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(1);
	}

	@Test
	void selectorsLeaveOutLabelsThatChangeOnUpgrade() {
		assertThat(this.chart.deployment().getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
		assertThat(this.chart.service().getSpec().getSelector()).isEqualTo(SELECTOR);
		assertThat(this.chart.deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(SELECTOR)
			.containsEntry("app.kubernetes.io/version", "0.1.0")
			.containsEntry("helm.sh/chart", "graceful-shutdown-demo-0.2.0");
	}

	@Test
	void runsAsTheRestrictedPodSecurityStandardRequires() {
		PodSpec pod = this.chart.podSpec();
		PodSecurityContext podSecurity = pod.getSecurityContext();
		assertThat(podSecurity.getRunAsNonRoot()).isTrue();
		assertThat(podSecurity.getRunAsUser()).isEqualTo(65532L);
		assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		SecurityContext security = this.chart.container().getSecurityContext();
		assertThat(security.getRunAsNonRoot()).isTrue();
		assertThat(security.getRunAsUser()).isEqualTo(65532L);
		assertThat(security.getReadOnlyRootFilesystem()).isTrue();
		assertThat(security.getAllowPrivilegeEscalation()).isFalse();
		assertThat(security.getPrivileged()).isNull();
		assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(security.getCapabilities().getAdd()).isEmpty();
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
	}

	@Test
	void tmpIsAWritableEmptyDir() {
		assertThat(this.chart.container().getVolumeMounts())
			.anySatisfy((mount) -> assertThat(mount.getName() + ":" + mount.getMountPath()).isEqualTo("tmp:/tmp"));
		assertThat(this.chart.podSpec().getVolumes())
			.anySatisfy((volume) -> assertThat(volume.getName()).isEqualTo("tmp"))
			.allSatisfy((volume) -> assertThat(volume.getEmptyDir()).isNotNull());
	}

	@Test
	void resourcesHaveRequestsAndLimits() {
		Map<String, Quantity> requests = this.chart.container().getResources().getRequests();
		Map<String, Quantity> limits = this.chart.container().getResources().getLimits();
		assertThat(requests).containsOnlyKeys("cpu", "memory");
		assertThat(limits).containsOnlyKeys("cpu", "memory");
		assertThat(requests.get("memory")).isEqualTo(limits.get("memory"));
	}

	@Test
	void serviceAccountIsCreatedWithoutApiCredentials() {
		ServiceAccount account = this.chart.get(ServiceAccount.class, ChartTemplate.FULLNAME);
		assertThat(account.getAutomountServiceAccountToken()).isFalse();
		assertThat(this.chart.podSpec().getServiceAccountName()).isEqualTo(ChartTemplate.FULLNAME);
	}

	@Test
	void imageDefaultsToTheSampleAppAtTheChartsAppVersion() {
		assertThat(this.chart.container().getImage()).isEqualTo("graceful-shutdown-sample:0.1.0");
		assertThat(this.chart.container().getImagePullPolicy()).isEqualTo("IfNotPresent");
	}

	@Test
	void imageCanBeYourOwnApp() {
		RenderedChart chart = ChartTemplate.of()
			.set("image.repository", "registry.example.com/shop/orders")
			.set("image.tag", "2.3.1")
			.set("image.pullPolicy", "Always")
			.render();
		assertThat(chart.container().getImage()).isEqualTo("registry.example.com/shop/orders:2.3.1");
		assertThat(chart.container().getImagePullPolicy()).isEqualTo("Always");
	}

}

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
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every object the chart renders reads into the Kubernetes model with unknown fields and
 * mistyped scalars rejected, in every chart-testing scenario.
 */
class KubernetesModelTests {

	@ParameterizedTest
	@MethodSource("ciScenarios")
	void everyObjectOfEveryScenarioMatchesTheKubernetesModel(String scenario) {
		RenderedChart chart = ChartTemplate.of().withCiValues(scenario).render();
		assertThat(chart.objects()).extracting(HasMetadata::getKind)
			.contains("Deployment", "Service", "ServiceAccount");
		assertThat(chart.objects()).allSatisfy(this::hasTheReleasesNameAndLabels);
	}

	static Stream<String> ciScenarios() throws IOException {
		try (Stream<Path> files = Files.list(ChartTemplate.CHART.resolve("ci"))) {
			List<String> scenarios = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("-values.yaml"))
				.map((name) -> name.substring(0, name.length() - "-values.yaml".length()))
				.sorted()
				.toList();
			assertThat(scenarios).contains("default", "prestop-sleep", "prestop-none");
			return scenarios.stream();
		}
	}

	@Test
	void everyObjectMatchesTheModelWithEverythingEnabled() {
		RenderedChart chart = ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("networkPolicy.enabled", true)
			.set("prometheusRule.enabled", true)
			.render();
		assertThat(chart.objects()).extracting(HasMetadata::getClass)
			.containsExactlyInAnyOrder(PodDisruptionBudget.class, ServiceAccount.class, Service.class, Service.class,
					Deployment.class, NetworkPolicy.class, GenericKubernetesResource.class,
					GenericKubernetesResource.class);
		assertThat(chart.objects()).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PrometheusRule");
		assertThat(chart.objects()).allSatisfy(this::hasTheReleasesNameAndLabels);
	}

	private void hasTheReleasesNameAndLabels(HasMetadata object) {
		assertThat(object.getMetadata().getName()).startsWith(ChartTemplate.FULLNAME);
		assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "graceful-shutdown-demo")
			.containsEntry("app.kubernetes.io/instance", ChartTemplate.RELEASE_NAME)
			.containsEntry("app.kubernetes.io/managed-by", "Helm")
			.containsKey("helm.sh/chart");
	}

	/**
	 * helm-java leaves hooks out of its output, so the {@code helm test} pod is rendered
	 * from a copy of the chart where it is not a hook.
	 */
	@Test
	void helmTestPodMatchesTheModelAndAsksTheServiceForReadiness(@TempDir Path copy) throws IOException {
		try (Stream<Path> files = Files.walk(ChartTemplate.CHART)) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(ChartTemplate.CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Path testPod = copy.resolve("templates/tests/test-connection.yaml");
		String template = Files.readString(testPod);
		String withoutHook = template.replace("\"helm.sh/hook\": test\n", "");
		assertThat(withoutHook).isNotEqualTo(template);
		Files.writeString(testPod, withoutHook);

		Pod pod = ChartTemplate.of(copy)
			.render()
			.get(Pod.class, ChartTemplate.FULLNAME + "-test-connection");
		assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(pod.getSpec().getContainers()).singleElement().satisfies((container) -> {
			assertThat(container.getArgs()).last().isEqualTo("http://" + ChartTemplate.FULLNAME + ":8080/readyz");
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		});
		assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
	}

	@Test
	void readingRejectsAFieldTheModelDoesNotKnow() {
		String misspelled = deployment("lifecycle: {preStop: {sleep: {second: 5}}}");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(misspelled))
			.withMessageContaining("apps/v1/Deployment does not match the Kubernetes model")
			.withMessageContaining("\"second\"");
	}

	@Test
	void readingRejectsANumberWhereTheApiWantsAString() {
		String unquoted = deployment("env: [{name: SERVER_PORT, value: 8080}]");
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(unquoted))
			.withMessageContaining("apps/v1/Deployment does not match the Kubernetes model");
	}

	@Test
	void readingRejectsAFieldNetworkPolicyDoesNotKnow() {
		String misspelled = """
				apiVersion: networking.k8s.io/v1
				kind: NetworkPolicy
				metadata: {name: x}
				spec:
				  podSelector: {}
				  ingress: [{ports: [{port: 8081}], form: [{namespaceSelector: {}}]}]
				""";
		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(misspelled))
			.withMessageContaining("networking.k8s.io/v1/NetworkPolicy does not match the Kubernetes model")
			.withMessageContaining("\"form\"");
	}

	@Test
	void readingRejectsAnUnexpectedKind() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests.parse("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\n"))
			.withMessageContaining("Unexpected kind batch/v1/Job");
	}

	@Test
	void readingAcceptsAValidDeployment() {
		assertThat(KubernetesManifests.parse(deployment("env: [{name: SERVER_PORT, value: \"8080\"}]")))
			.singleElement()
			.isInstanceOf(Deployment.class);
	}

	private static String deployment(String containerFields) {
		return """
				---
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: x
				spec:
				  selector:
				    matchLabels: {app: x}
				  template:
				    metadata:
				      labels: {app: x}
				    spec:
				      containers:
				        - name: x
				          image: x
				          %s
				""".formatted(containerFields);
	}

}

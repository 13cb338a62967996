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

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The optional NetworkPolicy: the application port stays open to every source, the
 * management port (probes, metrics, /actuator/prestop) admits only the monitoring namespace
 * and the pods named in values. It reads into fabric8's typed NetworkPolicy, unknown fields
 * rejected.
 */
class NetworkPolicyTests {

	@Test
	void isLeftOutByDefault() {
		assertThat(ChartTemplate.of().render().networkPolicy()).isEmpty();
		assertThat(ChartTemplate.ofTeamChart().render().networkPolicy()).isEmpty();
	}

	@Test
	void opensTheApplicationPortAndAdmitsTheMonitoringNamespaceToTheManagementPort() {
		RenderedChart chart = ChartTemplate.of().set("networkPolicy.enabled", true).render();
		NetworkPolicy policy = chart.networkPolicy().orElseThrow();
		assertThat(policy.getMetadata().getName()).isEqualTo(ChartTemplate.FULLNAME);
		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.isEqualTo(chart.deployment().getSpec().getSelector().getMatchLabels());
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		assertThat(policy.getSpec().getEgress()).isEmpty();
		List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
		assertThat(ingress).hasSize(2);
		assertThat(ingress.get(0).getFrom()).as("the application port admits every source").isEmpty();
		assertThat(ingress.get(0).getPorts()).extracting(NetworkPolicyPort::getPort)
			.containsExactly(new IntOrString("http"), new IntOrString("grpc"));
		assertThat(ingress.get(1).getPorts()).extracting(NetworkPolicyPort::getPort)
			.containsExactly(new IntOrString(managementContainerPort(chart)));
		assertThat(ingress.get(1).getFrom()).singleElement().satisfies((peer) -> {
			assertThat(peer.getPodSelector()).isNull();
			assertThat(peer.getNamespaceSelector().getMatchLabels())
				.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
		});
		assertThat(chart.service().getSpec().getPorts()).extracting((port) -> port.getTargetPort())
			.containsExactly(new IntOrString("http"), new IntOrString("grpc"));
	}

	@Test
	void admitsPodsByLabelsInTheirNamespaceOrThisOneAndPeersAsTheyAre() {
		NetworkPolicy policy = ChartTemplate.of()
			.set("networkPolicy.enabled", true)
			.withValues("networkPolicy: {management: {namespaces: []}}")
			.set("networkPolicy.management.pods[0].namespace", "monitoring")
			.set("networkPolicy.management.pods[0].matchLabels.app\\.kubernetes\\.io/name", "prometheus")
			.set("networkPolicy.management.pods[1].matchLabels.app", "debug-shell")
			.set("networkPolicy.management.extraFrom[0].ipBlock.cidr", "10.0.0.0/24")
			.render()
			.networkPolicy()
			.orElseThrow();
		List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(1).getFrom();
		assertThat(from).hasSize(3);
		assertThat(from.get(0).getNamespaceSelector().getMatchLabels())
			.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
		assertThat(from.get(0).getPodSelector().getMatchLabels())
			.isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
		assertThat(from.get(1).getNamespaceSelector()).as("no namespace: the release's").isNull();
		assertThat(from.get(1).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "debug-shell"));
		assertThat(from.get(2).getIpBlock().getCidr()).isEqualTo("10.0.0.0/24");
	}

	@Test
	void nobodyNamedClosesTheManagementPortToAllButTheNode() {
		NetworkPolicy policy = ChartTemplate.of()
			.set("networkPolicy.enabled", true)
			.withValues("networkPolicy: {management: {namespaces: []}}")
			.render()
			.networkPolicy()
			.orElseThrow();
		assertThat(policy.getSpec().getIngress()).singleElement()
			.satisfies((rule) -> assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort)
				.containsExactly(new IntOrString("http"), new IntOrString("grpc")));
	}

	@Test
	void aPodEntryWithoutLabelsFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("networkPolicy.enabled", true)
				.set("networkPolicy.management.pods[0].namespace", "monitoring")
				.yaml())
			.withMessageContaining("networkPolicy.management.pods: every entry needs matchLabels");
	}

	@Test
	void aTeamChartGetsOneForItsOwnPodsAndManagementPort() {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("networkPolicy.enabled", true)
			.set("gracefulShutdown.managementPort", 9090)
			.render();
		NetworkPolicy policy = chart.networkPolicy().orElseThrow();
		assertThat(policy.getMetadata().getName()).isEqualTo(ChartTemplate.TEAM_FULLNAME);
		assertThat(policy.getSpec().getPodSelector().getMatchLabels())
			.isEqualTo(chart.deployment().getSpec().getTemplate().getMetadata().getLabels())
			.isEqualTo(chart.deployment().getSpec().getSelector().getMatchLabels());
		assertThat(policy.getSpec().getIngress().get(1).getPorts()).extracting(NetworkPolicyPort::getPort)
			.containsExactly(new IntOrString(9090));
		assertThat(managementContainerPort(chart)).isEqualTo(9090);
	}

	private static int managementContainerPort(RenderedChart chart) {
		return chart.container().getPorts().stream()
			.filter((port) -> "management".equals(port.getName()))
			.findFirst()
			.orElseThrow()
			.getContainerPort();
	}

}

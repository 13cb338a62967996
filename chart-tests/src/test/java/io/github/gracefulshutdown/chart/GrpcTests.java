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

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The gRPC server beside HTTP: its port in the container, the app's settings and the
 * Service, and the optional Kubernetes {@code grpc} readiness probe, in the demo chart and
 * in a team's chart through the library's named templates.
 */
class GrpcTests {

	@Test
	void theDemosGrpcPortIsAContainerPortTheAppsPortAndAnH2cServicePort() {
		RenderedChart chart = ChartTemplate.of().render();
		assertThat(chart.container().getPorts()).filteredOn((port) -> "grpc".equals(port.getName()))
			.singleElement()
			.satisfies((port) -> assertThat(port.getContainerPort()).isEqualTo(9090));
		assertThat(chart.env()).containsEntry("SPRING_GRPC_SERVER_PORT", "9090");
		ServicePort grpc = chart.service()
			.getSpec()
			.getPorts()
			.stream()
			.filter((port) -> "grpc".equals(port.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(grpc.getPort()).isEqualTo(9090);
		assertThat(grpc.getTargetPort()).isEqualTo(new IntOrString("grpc"));
		assertThat(grpc.getProtocol()).isEqualTo("TCP");
		assertThat(grpc.getAppProtocol()).isEqualTo("kubernetes.io/h2c");
	}

	@Test
	void theServicePortAndTheContainerPortAreSetApart() {
		RenderedChart chart = ChartTemplate.of()
			.set("gracefulShutdown.grpcPort", 50051)
			.set("service.grpcPort", 443)
			.render();
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.contains("grpc:50051");
		assertThat(chart.env()).containsEntry("SPRING_GRPC_SERVER_PORT", "50051");
		assertThat(chart.service().getSpec().getPorts()).extracting((port) -> port.getName() + ":" + port.getPort())
			.containsExactly("http:8080", "grpc:443");
	}

	@Test
	void withoutAGrpcPortThereIsNoGrpcAnywhere() {
		RenderedChart chart = ChartTemplate.of().set("gracefulShutdown.grpcPort", "").render();
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName())
			.containsExactly("http", "management");
		assertThat(chart.env()).doesNotContainKey("SPRING_GRPC_SERVER_PORT");
		assertThat(chart.service().getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http");
	}

	@Test
	void theReadinessProbeAsksTheHttpEndpointByDefault() {
		Probe readiness = ChartTemplate.of().render().container().getReadinessProbe();
		assertThat(readiness.getGrpc()).isNull();
		assertThat(readiness.getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
	}

	/**
	 * The starter turns the gRPC health service NOT_SERVING as readiness goes down, so the
	 * probe takes the pod out of the endpoints as soon, and as often, as the HTTP one.
	 */
	@Test
	void aGrpcReadinessProbeAsksTheHealthServicesOverallStatusInsteadOfHttp() {
		Container container = ChartTemplate.of().set("gracefulShutdown.readinessProbe", "grpc").render().container();
		Probe readiness = container.getReadinessProbe();
		assertThat(readiness.getHttpGet()).isNull();
		assertThat(readiness.getGrpc().getPort()).isEqualTo(9090);
		assertThat(readiness.getGrpc().getService()).isEmpty();
		assertThat(readiness.getPeriodSeconds()).isEqualTo(2);
		assertThat(readiness.getFailureThreshold()).isEqualTo(2);
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
	}

	@Test
	void aGrpcReadinessProbeCanBeTuned() {
		Probe readiness = ChartTemplate.of()
			.set("gracefulShutdown.readinessProbe", "grpc")
			.set("gracefulShutdown.probes.readiness.timeoutSeconds", 3)
			.render()
			.container()
			.getReadinessProbe();
		assertThat(readiness.getGrpc().getPort()).isEqualTo(9090);
		assertThat(readiness.getTimeoutSeconds()).isEqualTo(3);
	}

	@Test
	void aGrpcReadinessProbeWithoutAGrpcPortFailsNamingBoth() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of()
				.set("gracefulShutdown.readinessProbe", "grpc")
				.set("gracefulShutdown.grpcPort", "")
				.yaml())
			.withMessageContaining("gracefulShutdown.readinessProbe grpc needs gracefulShutdown.grpcPort");
	}

	@Test
	void anUnknownReadinessProbeFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.readinessProbe", "tcp").yaml())
			.withMessageContaining("readinessProbe");
	}

	@Test
	void aTeamChartGetsNoGrpcUnlessItSetsAPort() {
		RenderedChart chart = ChartTemplate.ofTeamChart().render();
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName())
			.containsExactly("http", "management");
		assertThat(chart.env()).doesNotContainKey("SPRING_GRPC_SERVER_PORT");
	}

	@Test
	void aTeamChartWithAGrpcPortGetsThePortTheSettingAndTheGrpcProbe() {
		RenderedChart chart = ChartTemplate.ofTeamChart()
			.set("gracefulShutdown.grpcPort", 50051)
			.set("gracefulShutdown.readinessProbe", "grpc")
			.render();
		assertThat(chart.container().getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.containsExactly("http:8080", "management:8081", "grpc:50051");
		assertThat(chart.env()).containsEntry("SPRING_GRPC_SERVER_PORT", "50051");
		assertThat(chart.container().getReadinessProbe().getGrpc().getPort()).isEqualTo(50051);
	}

	@Test
	void aTeamChartsNetworkPolicyOpensTheGrpcPortToEverySourceWhenThereIsOne() {
		assertThat(ChartTemplate.ofTeamChart()
			.set("networkPolicy.enabled", true)
			.set("gracefulShutdown.grpcPort", 50051)
			.render()
			.networkPolicy()
			.orElseThrow()
			.getSpec()
			.getIngress()
			.get(0)
			.getPorts()).extracting(NetworkPolicyPort::getPort)
			.containsExactly(new IntOrString("http"), new IntOrString("grpc"));
		assertThat(ChartTemplate.ofTeamChart()
			.set("networkPolicy.enabled", true)
			.render()
			.networkPolicy()
			.orElseThrow()
			.getSpec()
			.getIngress()
			.get(0)
			.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("http"));
	}

	@Test
	void aTeamChartsGrpcPortMustBeAPortNumber() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart().set("gracefulShutdown.grpcPort", 70000).yaml())
			.withMessageContaining("gracefulShutdown.grpcPort (70000) must be a port number");
	}

}

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

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The optional Prometheus Operator ServiceMonitor scrapes the management port through a
 * headless Service of its own, so the application Service never exposes that port.
 */
class ServiceMonitorTests {

	private static final String METRICS_SERVICE = ChartTemplate.FULLNAME + "-metrics";

	@Test
	void isLeftOutByDefault() {
		RenderedChart chart = ChartTemplate.of().render();
		assertThat(chart.serviceMonitor()).isEmpty();
		assertThat(chart.all(Service.class)).extracting((service) -> service.getMetadata().getName())
			.containsExactly(ChartTemplate.FULLNAME);
	}

	@Test
	void scrapesActuatorPrometheusOnTheManagementPortWhenEnabled() {
		RenderedChart chart = ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.interval", "15s")
			.render();
		GenericKubernetesResource monitor = chart.serviceMonitor().orElseThrow();
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getName()).isEqualTo(ChartTemplate.FULLNAME);
		List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsOnly(entry("port", "management"),
					entry("path", "/actuator/prometheus"), entry("interval", "15s")));
		Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
		assertThat(selector).containsEntry("app.kubernetes.io/component", "metrics");

		Service metrics = chart.get(Service.class, METRICS_SERVICE);
		assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
		assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(metrics.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("management");
			assertThat(port.getTargetPort()).isEqualTo(new IntOrString("management"));
		});
		assertThat(chart.service().getMetadata().getLabels()).as("the application Service is not scraped")
			.doesNotContainEntry("app.kubernetes.io/component", "metrics");
		assertThat(chart.service().getSpec().getPorts()).extracting((port) -> port.getPort())
			.as("the application ports, HTTP and gRPC")
			.containsExactly(8080, 9090);
	}

	@Test
	void canLiveInThePrometheusNamespaceWithExtraLabels() {
		RenderedChart chart = ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.namespace", "monitoring")
			.set("serviceMonitor.labels.release", "kube-prometheus-stack")
			.set("serviceMonitor.scrapeTimeout", "10s")
			.render();
		GenericKubernetesResource monitor = chart.serviceMonitor().orElseThrow();
		assertThat(monitor.getMetadata().getNamespace()).isEqualTo("monitoring");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
		assertThat(namespaces).containsExactly("shop");
		List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("interval", "30s")
				.containsEntry("scrapeTimeout", "10s"));
	}

}

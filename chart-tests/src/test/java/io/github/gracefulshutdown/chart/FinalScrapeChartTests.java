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
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

/**
 * When the chart has its pods scraped (a ServiceMonitor or a PodMonitor), the app holds
 * its exit for one scrape of its final figures, for at most the scrape interval + 2
 * seconds, and the grace period makes room for it; both monitors keep a terminating pod as
 * a target until it exits, which the Endpoints role would not.
 */
class FinalScrapeChartTests {

	private static final String WAIT = "GRACEFUL_SHUTDOWN_METRICS_AWAIT_FINAL_SCRAPE";

	private static final String GRACE = "GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD";

	@Test
	void withoutAMonitorTheAppDoesNotWait() {
		RenderedChart chart = ChartTemplate.of().render();
		assertThat(chart.env()).doesNotContainKey(WAIT).containsEntry(GRACE, "40s");
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(40L);
	}

	@Test
	void aServiceMonitorTurnsTheWaitOnFromItsIntervalAndDiscoversThroughEndpointSlices() {
		RenderedChart chart = ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.interval", "15s")
			.render();
		assertThat(chart.env()).containsEntry(WAIT, "17s").containsEntry(GRACE, "57s");
		assertThat(chart.podSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L + 30 + 17 + 5);
		GenericKubernetesResource monitor = chart.serviceMonitor().orElseThrow();
		assertThat((String) monitor.get("spec", "serviceDiscoveryRole")).isEqualTo("EndpointSlice");
		// Terminating pods stay targets through EndpointSlices: no Service publishes
		// not-ready addresses, least of all the one that routes traffic.
		assertThat(chart.all(Service.class))
			.allSatisfy((service) -> assertThat(service.getSpec().getPublishNotReadyAddresses()).isNotEqualTo(true));
	}

	@Test
	void aPodMonitorScrapesThePodsDirectlyAndTurnsTheWaitOnFromItsInterval() {
		RenderedChart chart = ChartTemplate.of()
			.set("podMonitor.enabled", true)
			.set("podMonitor.interval", "1m")
			.set("podMonitor.labels.release", "kube-prometheus-stack")
			.render();
		assertThat(chart.env()).containsEntry(WAIT, "62s").containsEntry(GRACE, "102s");
		GenericKubernetesResource monitor = chart.podMonitor().orElseThrow();
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
		assertThat(endpoints).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsOnly(entry("port", "management"),
					entry("path", "/actuator/prometheus"), entry("interval", "1m")));
		Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
		assertThat(chart.deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(selector);
		assertThat(chart.serviceMonitor()).isEmpty();
		assertThat(chart.all(Service.class)).extracting((service) -> service.getMetadata().getName())
			.containsExactly(ChartTemplate.FULLNAME);
	}

	@Test
	void anExplicitWaitWinsAndZeroTurnsItOff() {
		RenderedChart off = ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("gracefulShutdown.awaitFinalScrapeSeconds", 0)
			.render();
		assertThat(off.env()).doesNotContainKey(WAIT).containsEntry(GRACE, "40s");
		RenderedChart explicit = ChartTemplate.of().set("gracefulShutdown.awaitFinalScrapeSeconds", 7).render();
		assertThat(explicit.env()).containsEntry(WAIT, "7s").containsEntry(GRACE, "47s");
	}

	@Test
	void anExplicitGracePeriodWithoutRoomForTheWaitFailsNamingIt() {
		assertThatIllegalStateException().isThrownBy(() -> ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.interval", "30s")
			.set("gracefulShutdown.terminationGracePeriodSeconds", 45)
			.yaml())
			.withMessageContaining("gracefulShutdown.terminationGracePeriodSeconds (45) is less than "
					+ "propagationDelaySeconds (5) + drainTimeoutSeconds (30) + awaitFinalScrapeSeconds (32) + "
					+ "marginSeconds (5) = 72");
	}

	@Test
	void anIntervalTheWaitCannotFollowFailsNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> ChartTemplate.of()
			.set("serviceMonitor.enabled", true)
			.set("serviceMonitor.interval", "1m30s")
			.yaml()).withMessageContaining("gracefulShutdown.awaitFinalScrapeSeconds");
	}

}

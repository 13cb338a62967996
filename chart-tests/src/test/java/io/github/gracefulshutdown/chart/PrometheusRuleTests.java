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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The optional PrometheusRule: three alerts on the shutdown meters of this release's pods,
 * with thresholds computed from the gracefulShutdown block. What the alerts do with series
 * is {@link PromtoolRuleTests}' business; here, what renders.
 */
class PrometheusRuleTests {

	private static final String DEMO_SELECTOR = "namespace=\"shop\", service=\"" + ChartTemplate.FULLNAME
			+ "-metrics\"";

	@Test
	void isLeftOutByDefault() {
		assertThat(ChartTemplate.of().render().prometheusRule()).isEmpty();
		assertThat(ChartTemplate.ofTeamChart().render().prometheusRule()).isEmpty();
	}

	@Test
	void alertsOnTheReleasesShutdownMetersWhenEnabled() {
		GenericKubernetesResource rule = ChartTemplate.of().set("prometheusRule.enabled", true).render()
			.prometheusRule()
			.orElseThrow();
		assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.getMetadata().getName()).isEqualTo(ChartTemplate.FULLNAME);
		assertThat(rule.getMetadata().getNamespace()).isNull();
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		assertThat(groups).singleElement()
			.satisfies((group) -> assertThat(group).containsEntry("name", ChartTemplate.FULLNAME + ".graceful-shutdown"));
		assertThat(rules(rule)).extracting((each) -> each.get("alert"))
			.containsExactly("GracefulShutdownRequestsAborted", "GracefulShutdownPropagationDelayTooShort",
					"GracefulShutdownOutOfGracePeriod");
		assertThat(rules(rule)).allSatisfy((each) -> {
			assertThat(each).containsOnlyKeys("alert", "expr", "labels", "annotations");
			assertThat((String) each.get("expr")).contains("{" + DEMO_SELECTOR);
			assertThat(each.get("labels")).isEqualTo(Map.of("severity", "warning"));
		});
		assertThat(expr(rule, "GracefulShutdownRequestsAborted"))
			.contains("graceful_shutdown_aborted_requests_total{")
			.endsWith("[10m])) > 0");
	}

	@Test
	void thresholdsFollowTheDelayAndTheGracePeriod() {
		GenericKubernetesResource rule = ChartTemplate.of()
			.set("prometheusRule.enabled", true)
			.set("gracefulShutdown.propagationDelaySeconds", 8)
			.set("gracefulShutdown.drainTimeoutSeconds", 50)
			.set("gracefulShutdown.marginSeconds", 3)
			.set("gracefulShutdown.terminationGracePeriodSeconds", 70)
			.render()
			.prometheusRule()
			.orElseThrow();
		assertThat(expr(rule, "GracefulShutdownPropagationDelayTooShort"))
			.contains("graceful_shutdown_propagation_lag_seconds{")
			.endsWith(" > 0.8 * 8");
		assertThat(expr(rule, "GracefulShutdownOutOfGracePeriod"))
			.contains("graceful_shutdown_phase_duration_seconds{" + DEMO_SELECTOR + ", phase=~\"propagating|draining\"}")
			.endsWith(" + 0 > 70 - 3");
	}

	@Test
	void aPreStopSleepMovesTheDelayOutOfTheApp() {
		GenericKubernetesResource rule = ChartTemplate.of()
			.withCiValues("prestop-sleep")
			.set("prometheusRule.enabled", true)
			.render()
			.prometheusRule()
			.orElseThrow();
		assertThat(expr(rule, "GracefulShutdownPropagationDelayTooShort")).endsWith(" > 0.8 * 0");
		assertThat(expr(rule, "GracefulShutdownOutOfGracePeriod")).endsWith(" + 5 > 40 - 5");
	}

	@Test
	void canLiveInThePrometheusNamespaceWithItsLabelsSelectorAndWindow() {
		GenericKubernetesResource rule = ChartTemplate.of()
			.set("prometheusRule.enabled", true)
			.set("prometheusRule.namespace", "monitoring")
			.set("prometheusRule.labels.release", "kube-prometheus-stack")
			.set("prometheusRule.selector", "job=\"orders\"")
			.set("prometheusRule.window", "30m")
			.set("prometheusRule.propagationLagRatio", "0.5")
			.set("prometheusRule.severity", "critical")
			.set("prometheusRule.alertLabels.team", "shop")
			.render()
			.prometheusRule()
			.orElseThrow();
		assertThat(rule.getMetadata().getNamespace()).isEqualTo("monitoring");
		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		assertThat(rules(rule)).allSatisfy((each) -> {
			assertThat((String) each.get("expr")).contains("{job=\"orders\"").contains("[30m]").doesNotContain("shop");
			assertThat(each.get("labels")).isEqualTo(Map.of("severity", "critical", "team", "shop"));
		});
		assertThat(expr(rule, "GracefulShutdownPropagationDelayTooShort")).endsWith(" > 0.5 * 5");
	}

	@Test
	void aTeamChartSelectsItsNamespaceByDefault() {
		GenericKubernetesResource rule = ChartTemplate.ofTeamChart().set("prometheusRule.enabled", true).render()
			.prometheusRule()
			.orElseThrow();
		assertThat(rule.getMetadata().getName()).isEqualTo(ChartTemplate.TEAM_FULLNAME);
		assertThat(rules(rule)).allSatisfy((each) -> assertThat((String) each.get("expr"))
			.contains("{namespace=\"shop\"")
			.doesNotContain("service="));
	}

	@Test
	void aLagRatioAboveOneFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.ofTeamChart()
				.set("prometheusRule.enabled", true)
				.set("prometheusRule.propagationLagRatio", 1.5)
				.yaml())
			.withMessageContaining("prometheusRule.propagationLagRatio (1.5) must be above 0 and at most 1");
	}

	private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");
		return rules;
	}

	private static String expr(GenericKubernetesResource rule, String alert) {
		return rules(rule).stream()
			.filter((each) -> alert.equals(each.get("alert")))
			.map((each) -> (String) each.get("expr"))
			.findFirst()
			.orElseThrow();
	}

}

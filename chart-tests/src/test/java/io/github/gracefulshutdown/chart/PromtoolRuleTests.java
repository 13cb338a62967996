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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PrometheusRule's alerts, checked and unit-tested by promtool: the rule groups the demo
 * chart renders are written to a rules file, {@code promtool check rules} checks every rule,
 * and {@code promtool test rules} runs {@code src/test/resources/promtool/*-test.yaml}, which
 * feed in the shutdown meters of a few pods and say which alerts fire, with which text.
 * <p>
 * Skipped without promtool, except in CI (see {@link Promtool}).
 */
class PromtoolRuleTests {

	private static final YAMLMapper YAML = new YAMLMapper();

	@ParameterizedTest
	@ValueSource(strings = { "http", "sleep", "none" })
	void everyRuleIsValid(String preStop, @TempDir Path directory) throws IOException {
		Promtool promtool = Promtool.required();
		writeRules(ChartTemplate.of().set("gracefulShutdown.preStop", preStop), directory);
		Promtool.Result result = promtool.run(directory, "check", "rules", "rules.yaml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 3 rules found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http", "sleep" })
	void alertsFireForTheShutdownsThatWentWrongAndOnlyThose(String preStop, @TempDir Path directory)
			throws IOException {
		Promtool promtool = Promtool.required();
		writeRules(ChartTemplate.of().set("gracefulShutdown.preStop", preStop), directory);
		copyTest("preStop-" + preStop + "-test.yaml", directory);
		Promtool.Result result = promtool.run(directory, "test", "rules", "test.yaml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	/**
	 * The unit tests' expectations follow the chart's numbers: against rules rendered for a
	 * 10 s delay (a lag threshold of 8 s, a grace period of 45 s) they fail, naming the two
	 * alerts that no longer fire, while the aborted requests alert does not depend on the delay.
	 */
	@Test
	void theAlertTestsFailAgainstRulesRenderedForOtherNumbers(@TempDir Path directory) throws IOException {
		Promtool promtool = Promtool.required();
		writeRules(ChartTemplate.of().set("gracefulShutdown.propagationDelaySeconds", 10), directory);
		copyTest("preStop-http-test.yaml", directory);
		Promtool.Result result = promtool.run(directory, "test", "rules", "test.yaml");
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("FAILED")
			.contains("alertname: GracefulShutdownPropagationDelayTooShort")
			.contains("alertname: GracefulShutdownOutOfGracePeriod")
			.doesNotContain("alertname: GracefulShutdownRequestsAborted");
	}

	private static void writeRules(ChartTemplate template, Path directory) throws IOException {
		GenericKubernetesResource rule = template.set("prometheusRule.enabled", true).render().prometheusRule()
			.orElseThrow();
		Map<String, Object> spec = rule.get("spec");
		assertThat(spec).containsOnlyKeys("groups");
		Files.writeString(directory.resolve("rules.yaml"), YAML.writeValueAsString(spec));
	}

	private static void copyTest(String name, Path directory) throws IOException {
		try (InputStream test = PromtoolRuleTests.class.getResourceAsStream("/promtool/" + name)) {
			assertThat(test).as(name).isNotNull();
			Files.copy(test, directory.resolve("test.yaml"));
		}
	}

}

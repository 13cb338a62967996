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

import java.nio.file.Path;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm lint --strict}: warnings fail too. The demo chart, the library and the team
 * chart that includes it, each with its dependencies built.
 */
class ChartLintTests {

	static Stream<Path> charts() {
		return Stream.of(ChartTemplate.CHART, ChartTemplate.LIBRARY,
				ChartDependencies.built(ChartTemplate.TEAM_CHART));
	}

	@ParameterizedTest
	@MethodSource("charts")
	void lintIsCleanInStrictMode(Path chart) {
		LintResult result = new Helm(chart).lint().strict().call();
		assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).allSatisfy((message) -> assertThat(message).startsWith("[INFO]"));
	}

}

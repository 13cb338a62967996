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

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm lint --strict}: warnings fail too.
 */
class ChartLintTests {

	@Test
	void lintIsCleanInStrictMode() {
		LintResult result = new Helm(ChartTemplate.CHART).lint().strict().call();
		assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).allSatisfy((message) -> assertThat(message).startsWith("[INFO]"));
	}

}

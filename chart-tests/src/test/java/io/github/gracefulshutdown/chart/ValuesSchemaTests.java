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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * values.schema.json stops wrong values before anything renders.
 */
class ValuesSchemaTests {

	@Test
	void rejectsAnUnknownPreStop() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.preStop", "exec").yaml())
			.withMessageContaining("values don't meet the specifications of the schema")
			.withMessageContaining("/gracefulShutdown/preStop")
			.withMessageContaining("'http', 'sleep', 'none'");
	}

	@Test
	void rejectsAnUnknownPullPolicy() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("image.pullPolicy", "Sometimes").yaml())
			.withMessageContaining("/image/pullPolicy");
	}

	@Test
	void rejectsAnUnknownKeyInTheGracefulShutdownBlock() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.drainTimeout", "30s").yaml())
			.withMessageContaining("additional properties 'drainTimeout' not allowed");
	}

	@Test
	void rejectsAMisspelledTopLevelKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("terminationGracePeriod", 60).yaml())
			.withMessageContaining("additional properties 'terminationGracePeriod' not allowed");
	}

	@Test
	void rejectsAMarginBelowTheAppsOwn() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.marginSeconds", 1).yaml())
			.withMessageContaining("/gracefulShutdown/marginSeconds");
	}

	@Test
	void rejectsNegativeSeconds() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.drainTimeoutSeconds", -1).yaml())
			.withMessageContaining("/gracefulShutdown/drainTimeoutSeconds");
	}

	@Test
	void rejectsAGracePeriodThatIsNotANumber() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChartTemplate.of().set("gracefulShutdown.terminationGracePeriodSeconds", "40s").yaml())
			.withMessageContaining("/gracefulShutdown/terminationGracePeriodSeconds");
	}

}

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

package io.github.gracefulshutdown;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ConflictingSettingFailureAnalyzer}.
 */
class ConflictingSettingFailureAnalyzerTests {

	@Test
	void descriptionSaysWhereTheValueWasSet() {
		MockEnvironment environment = new MockEnvironment();
		TextResourceOrigin origin = new TextResourceOrigin(new ByteArrayResource(new byte[0], "application.yaml"),
				new Location(11, 2));
		environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("application.yaml",
					Map.of("server.shutdown", OriginTrackedValue.of("immediate", origin))));
		FailureAnalysis analysis = analyze(environment);
		assertThat(analysis.getDescription())
			.startsWith("Invalid value 'immediate' for property 'server.shutdown' (from " + origin + "): ")
			.endsWith("so there would be no drain phase.");
	}

	@Test
	void descriptionOfAValueWithoutATrackedOriginNamesItsPropertySource() {
		FailureAnalysis analysis = analyze(new MockEnvironment());
		assertThat(analysis.getDescription()).startsWith("Invalid value 'immediate' for property 'server.shutdown' "
				+ "(from \"server.shutdown\" from property source \"mockProperties\"): the web server would stop");
		assertThat(analysis.getAction()).startsWith("Remove 'server.shutdown' or set it to graceful");
		assertThat(analysis.getCause()).isInstanceOf(ConflictingSettingException.class);
	}

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(ShutdownBudgetFailureAnalyzerTests.loadFailureAnalyzers())
			.hasAtLeastOneElementOfType(ConflictingSettingFailureAnalyzer.class);
	}

	private static FailureAnalysis analyze(MockEnvironment environment) {
		environment.setProperty("server.shutdown", "immediate");
		ConflictingSettingException failure = catchThrowableOfType(ConflictingSettingException.class,
				() -> ConflictingSettings.check(environment));
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new ConflictingSettingFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}

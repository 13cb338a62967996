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

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Tells a context made by Spring's TestContext framework ({@code @SpringBootTest} and the
 * test slices) from an application's, and a setting the test itself made from one its
 * application makes. In a test, the sequence must not slow the test down: every context
 * close would otherwise wait the propagation delay the application sets for Kubernetes
 * (or that Spring Boot detects on a CI runner in a pod), so there it is 0, and the drain
 * does not wait, unless the test sets the key itself.
 *
 * @author Graceful Shutdown contributors
 */
final class TestContexts {

	// Spring's TestContext framework adds its test's properties under these names:
	// @SpringBootTest(properties), @TestPropertySource(properties) and Spring Boot's own
	// marker of its test contexts; @DynamicPropertySource.
	private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

	private static final String DYNAMIC_TEST_PROPERTIES = "Dynamic Test Properties";

	private TestContexts() {
	}

	/**
	 * Return whether the environment is one of a test context.
	 * @param environment the environment
	 * @return whether Spring's TestContext framework made it
	 */
	static boolean isTestContext(Environment environment) {
		return environment instanceof ConfigurableEnvironment configurable
				&& configurable.getPropertySources().contains(INLINED_TEST_PROPERTIES);
	}

	/**
	 * Return whether the test itself sets the given key, rather than the application's
	 * own configuration.
	 * @param environment the environment of a test context
	 * @param key the key, in its canonical form
	 * @return whether the test's own properties hold it
	 */
	static boolean setByTest(Environment environment, String key) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return false;
		}
		for (String name : new String[] { INLINED_TEST_PROPERTIES, DYNAMIC_TEST_PROPERTIES }) {
			PropertySource<?> source = configurable.getPropertySources().get(name);
			// Spring Boot's view of the source, so relaxed forms of the key match too.
			ConfigurationPropertySource properties = (source != null) ? ConfigurationPropertySource.from(source) : null;
			if (properties != null && properties.getConfigurationProperty(ConfigurationPropertyName.of(key)) != null) {
				return true;
			}
		}
		return false;
	}

}

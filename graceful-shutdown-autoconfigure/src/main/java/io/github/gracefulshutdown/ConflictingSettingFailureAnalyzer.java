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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Explains a {@link ConflictingSettingException} the way a bad property value is
 * explained: the key, where it was set, its value, why it cannot work, and what to do.
 *
 * It runs before Spring Boot's own analyzer of such exceptions, which has no action to
 * offer but reviewing the value.
 *
 * @author Graceful Shutdown contributors
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConflictingSettingFailureAnalyzer extends AbstractFailureAnalyzer<ConflictingSettingException> {

	private final Environment environment;

	ConflictingSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConflictingSettingException cause) {
		Origin origin = originOf(cause.getName());
		String description = String.format("Invalid value '%s' for property '%s'%s: %s.", cause.getValue(),
				cause.getName(), (origin != null) ? " (from " + origin + ")" : "", cause.getReason());
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

	private @Nullable Origin originOf(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty candidate = source.getConfigurationProperty(name);
			if (candidate != null) {
				return candidate.getOrigin();
			}
		}
		return null;
	}

}

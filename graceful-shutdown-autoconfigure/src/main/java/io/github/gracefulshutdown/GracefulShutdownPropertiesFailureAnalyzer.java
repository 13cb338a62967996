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

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an invalid {@code graceful-shutdown.*} value: which key, which value, and what
 * is accepted. Runs before Spring Boot's generic bind failure analysis.
 *
 * @author Graceful Shutdown contributors
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class GracefulShutdownPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String ACCEPTED_DURATION = "a duration of zero or more, such as 0, 500ms, 5s or PT30S "
			+ "(a number without a unit is read as milliseconds)";

	private static final String ACCEPTED_EXIT_STATUS = "a whole number from 1 to 255 other than 137 and 143, "
			+ "such as 3";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith(GracefulShutdownProperties.PREFIX + ".")) {
			return null;
		}
		String key = property.getName().toString();
		String accepted = key.endsWith(".enabled") ? "true or false"
				: key.endsWith(".exit-status.unclean") ? ACCEPTED_EXIT_STATUS : ACCEPTED_DURATION;
		String description = String.format("Invalid value '%s' for property '%s'%s: %s.", property.getValue(), key,
				(property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "", reason(cause));
		String action = String.format("Set '%s' to %s.", key, accepted);
		return new FailureAnalysis(description, action, cause);
	}

	private static String reason(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}

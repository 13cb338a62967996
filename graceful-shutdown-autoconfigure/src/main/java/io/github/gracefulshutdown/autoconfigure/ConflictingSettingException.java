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

package io.github.gracefulshutdown.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a setting would defeat the shutdown sequence without any error
 * of its own: a lifecycle timeout that cuts the drain short, a server that does not
 * drain at all, a preStop endpoint that cannot exist.
 *
 * @author Graceful Shutdown contributors
 */
final class ConflictingSettingException extends IllegalStateException {

	private final String property;

	private final String value;

	private final String reason;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the key of the setting at fault
	 * @param value its value
	 * @param reason why the value cannot work, as a clause
	 * @param action what to do instead, as a sentence
	 */
	ConflictingSettingException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = String.valueOf(value);
		this.reason = reason;
		this.action = action;
	}

	String getProperty() {
		return this.property;
	}

	String getValue() {
		return this.value;
	}

	String getReason() {
		return this.reason;
	}

	String getAction() {
		return this.action;
	}

}

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

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Thrown at startup when a setting would defeat the shutdown sequence without any error
 * of its own: a server that does not drain at all, two timeouts that disagree, a
 * preStop endpoint that cannot exist. It is an
 * {@link InvalidConfigurationPropertyValueException}, with what to do instead.
 *
 * @author Graceful Shutdown contributors
 */
final class ConflictingSettingException extends InvalidConfigurationPropertyValueException {

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the key of the setting at fault
	 * @param value its value
	 * @param reason why the value cannot work, as a clause
	 * @param action what to do instead, as a sentence
	 */
	ConflictingSettingException(String property, @Nullable Object value, String reason, String action) {
		super(property, String.valueOf(value), reason);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}

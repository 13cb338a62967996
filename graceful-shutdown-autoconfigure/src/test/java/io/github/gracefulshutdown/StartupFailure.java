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

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a context that must fail, for the failure analyzer tests.
 */
final class StartupFailure {

	private StartupFailure() {
	}

	/**
	 * Run the context with the given properties and return why it failed to start.
	 * @param runner the runner of the context
	 * @param properties the properties, as {@code key=value}
	 * @return the startup failure
	 */
	static Throwable of(WebApplicationContextRunner runner, String... properties) {
		Throwable[] failure = new Throwable[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		return failure[0];
	}

}

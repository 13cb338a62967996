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

import java.time.Duration;

/**
 * Formats durations for logs and failure messages the way users write them in
 * {@code application.yaml}: {@code 250ms}, {@code 5s}, {@code 5.012s}.
 *
 * @author Graceful Shutdown contributors
 */
final class DurationFormat {

	private DurationFormat() {
	}

	/**
	 * Format a duration to the millisecond.
	 * @param duration the duration
	 * @return the formatted duration
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : String.format("%d.%03ds", millis / 1000, millis % 1000);
	}

}

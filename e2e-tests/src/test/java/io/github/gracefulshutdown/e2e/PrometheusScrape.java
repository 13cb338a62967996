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

package io.github.gracefulshutdown.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus text exposition, as scraped from
 * {@code /actuator/prometheus}.
 */
final class PrometheusScrape {

	private PrometheusScrape() {
	}

	/**
	 * Return the value of the first sample of a metric whose labels contain the given
	 * text.
	 * @param scrape the exposition
	 * @param name the sample's name, such as {@code graceful_shutdown_active_requests}
	 * @param labels text the sample's labels must contain, empty for any
	 * @return the value
	 * @throws AssertionError if there is no such sample
	 */
	static double value(String scrape, String name, String labels) {
		Pattern sample = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = sample.matcher(scrape);
		while (matcher.find()) {
			if (matcher.group(1).contains(labels)) {
				return Double.parseDouble(matcher.group(2));
			}
		}
		throw new AssertionError("No sample " + name + "{" + labels + "} in:\n" + scrape);
	}

}

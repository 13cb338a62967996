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

package io.github.gracefulshutdown.metrics;

import io.github.gracefulshutdown.FinalScrape;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * Tells the scrapes of the Prometheus endpoint from the management server's other
 * requests, for the {@link FinalScrape}: the filters of both stacks ask it.
 *
 * @author Graceful Shutdown contributors
 */
final class PrometheusScrapes {

	private final @Nullable String path;

	private final FinalScrape finalScrape;

	/**
	 * Create an instance.
	 * @param path the Prometheus endpoint's path, such as {@code /actuator/prometheus},
	 * {@code null} if it is not exposed on the web
	 * @param finalScrape where to report the scrapes that carry the final figures
	 */
	PrometheusScrapes(@Nullable String path, FinalScrape finalScrape) {
		this.path = path;
		this.finalScrape = finalScrape;
	}

	/**
	 * Return whether a request beginning now is a scrape that carries the final
	 * figures.
	 * @param requestPath the request's path within the management server
	 * @return whether the request is a final scrape
	 */
	boolean isFinalScrape(PathContainer requestPath) {
		// Ends with, not equals: a management.server.base-path comes before it.
		return this.path != null && requestPath.value().endsWith(this.path) && this.finalScrape.isFinal();
	}

	/**
	 * Record that a final scrape has been answered in full.
	 */
	void answered() {
		this.finalScrape.scraped();
	}

}

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

package io.github.gracefulshutdown.web.reactive;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.web.server.WebFilter;

/**
 * Builds the starter's web filter, which is package-private, for
 * {@code RequestPathCost} to measure in isolation.
 */
public final class BenchmarkWebFilter {

	private BenchmarkWebFilter() {
	}

	public static WebFilter of(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, ManagementRequests managementRequests, OpenStreams openStreams) {
		return new GracefulShutdownWebFilter(timeline, inFlightRequests, statistics, () -> managementRequests,
				openStreams);
	}

}

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


package io.github.gracefulshutdown.chart;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.marcnuri.helm.Helm;

/**
 * {@code helm dependency build} of a chart, once per test run, before it is rendered or
 * linted. The charts here depend on the {@code charts/graceful-shutdown} library through a
 * {@code file://} repository, which Helm packages from the working tree into the chart's
 * {@code charts/} directory: offline, and always from the library's current sources, so a
 * test never renders a stale copy.
 * <p>
 * {@code build} follows the committed {@code Chart.lock} and fails if it no longer matches
 * {@code Chart.yaml}; no repository index is refreshed.
 */
final class ChartDependencies {

	private static final Set<Path> BUILT = new HashSet<>();

	private ChartDependencies() {
	}

	/**
	 * Build the chart's dependencies unless this test run already has.
	 * @param chart the chart's directory
	 * @return the chart's directory
	 */
	static synchronized Path built(Path chart) {
		if (BUILT.add(chart.toAbsolutePath().normalize())) {
			new Helm(chart).dependency().build().skipRefresh().call();
		}
		return chart;
	}

}

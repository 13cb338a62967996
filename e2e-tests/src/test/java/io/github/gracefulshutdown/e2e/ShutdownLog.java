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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod's log says about its shutdown: every line from the start of the shutdown
 * sequence on, and the figures of the final report line. Those figures are what the
 * starter itself measured, free of the time the machine takes to deliver the signal and
 * to tear the JVM down.
 *
 * @param lines the log from the start of the shutdown sequence on, or its last lines if
 * the sequence never started
 * @param figures the final report's {@code key=value} figures, empty if there is none
 */
record ShutdownLog(List<String> lines, Map<String, String> figures) {

	private static final String START = "Commencing propagation phase";

	private static final String REPORT_PREFIX = "Graceful shutdown finished: ";

	private static final int TAIL = 20;

	static ShutdownLog of(String podLog) {
		List<String> all = podLog.lines().toList();
		int start = all.size() - Math.min(TAIL, all.size());
		for (int i = 0; i < all.size(); i++) {
			if (all.get(i).contains(START)) {
				start = i;
				break;
			}
		}
		List<String> lines = all.subList(start, all.size());
		Map<String, String> figures = new LinkedHashMap<>();
		lines.stream()
			.filter((line) -> line.contains(REPORT_PREFIX))
			.reduce((first, second) -> second)
			.map((line) -> line.substring(line.indexOf(REPORT_PREFIX) + REPORT_PREFIX.length()))
			.ifPresent((report) -> Arrays.stream(report.split(" "))
				.map((figure) -> figure.split("=", 2))
				.forEach((keyValue) -> figures.put(keyValue[0], keyValue[1])));
		return new ShutdownLog(List.copyOf(lines), Map.copyOf(figures));
	}

	/**
	 * Return a duration of the final report, as the starter logs it ({@code 14ms},
	 * {@code 5.006s}).
	 * @param key the figure's key, such as {@code propagation} or {@code drain}
	 * @return the duration
	 */
	Duration duration(String key) {
		String value = figure(key);
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
		return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
	}

	long count(String key) {
		return Long.parseLong(figure(key));
	}

	private String figure(String key) {
		String value = this.figures.get(key);
		if (value == null) {
			throw new IllegalStateException("No figure '" + key + "' in the shutdown report:\n" + this);
		}
		return value;
	}

	@Override
	public String toString() {
		return String.join("\n", this.lines);
	}

}

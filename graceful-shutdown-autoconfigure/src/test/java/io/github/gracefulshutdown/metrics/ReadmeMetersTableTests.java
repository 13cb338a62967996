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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters table in the README lists exactly what a Prometheus registry exposes, with
 * the same names and types.
 */
class ReadmeMetersTableTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (graceful_shutdown_\\w+) (\\w+)$",
			Pattern.MULTILINE);

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `[a-z.]+` \\| `(graceful_shutdown_\\w+)` \\| (\\w+) \\|",
			Pattern.MULTILINE);

	@Test
	void readmeTableMatchesThePrometheusExposition() throws IOException {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ShutdownTimeline timeline = new ShutdownTimeline();
		new GracefulShutdownMetrics(timeline, new ShutdownStatistics(timeline), new InFlightRequests(),
				Tags.of("server", "tomcat"), () -> List.of("applicationTaskExecutor"))
			.bindTo(registry);
		assertThat(documented()).isNotEmpty().isEqualTo(exposed(registry.scrape()));
	}

	private static Map<String, String> exposed(String scrape) {
		Map<String, String> types = new TreeMap<>();
		Matcher matcher = TYPE_LINE.matcher(scrape);
		while (matcher.find()) {
			types.put(matcher.group(1), matcher.group(2));
		}
		return types;
	}

	private static Map<String, String> documented() throws IOException {
		String readme = Files.readString(README);
		String table = readme.substring(readme.indexOf("<!-- meters -->"), readme.indexOf("<!-- /meters -->"));
		Map<String, String> types = new TreeMap<>();
		Matcher matcher = TABLE_ROW.matcher(table);
		while (matcher.find()) {
			types.put(matcher.group(1), matcher.group(2));
		}
		return types;
	}

}

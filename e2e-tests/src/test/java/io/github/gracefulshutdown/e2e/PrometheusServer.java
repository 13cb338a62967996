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

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, Debian's {@code /usr/bin/prometheus}, scraping the management
 * ports of pods at a fixed interval into a storage of its own, and queried through its
 * HTTP API, as a dashboard or an alert would.
 */
final class PrometheusServer implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	// One sample of an instant vector: {"metric":{...},"value":[<time>,"<value>"]}.
	private static final Pattern SAMPLE = Pattern
		.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,\\]]+,\"([^\"]+)\"\\]\\}");

	private static final Pattern POD_LABEL = Pattern.compile("\"pod\":\"([^\"]+)\"");

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Start a server that scrapes {@code /actuator/prometheus} of each target, labelled
	 * with its pod's name, and wait until it is ready.
	 * @param workDir where to put its configuration, storage and log
	 * @param scrapeInterval how often to scrape each target
	 * @param targets the management port of each pod, by the pod's name
	 * @return the ready server
	 * @throws IOException if it cannot be started
	 */
	static PrometheusServer start(Path workDir, Duration scrapeInterval, Map<String, Integer> targets)
			throws IOException {
		Files.createDirectories(workDir);
		StringBuilder config = new StringBuilder();
		config.append("global:\n  scrape_interval: ").append(scrapeInterval.toMillis()).append("ms\n");
		config.append("  scrape_timeout: ").append(scrapeInterval.toMillis()).append("ms\n");
		config.append("scrape_configs:\n  - job_name: pods\n    metrics_path: /actuator/prometheus\n");
		config.append("    static_configs:\n");
		targets.forEach((pod, port) -> config.append("      - targets: ['127.0.0.1:")
			.append(port)
			.append("']\n        labels:\n          pod: ")
			.append(pod)
			.append('\n'));
		Path configFile = workDir.resolve("prometheus.yml");
		Files.writeString(configFile, config);
		Path storage = Files.createTempDirectory(workDir, "tsdb-");
		int port = Pod.freePort();
		Path log = workDir.resolve("prometheus.log");
		Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port, log);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("Prometheus exited:\n" + server.log());
			}
			return server.status("/-/ready") == 200;
		});
		return server;
	}

	/**
	 * Evaluate an instant query and return each series' value by the {@code pod} label
	 * of its target.
	 * @param query the PromQL query
	 * @return the values, by pod
	 * @throws IOException if the server does not answer
	 * @throws InterruptedException if interrupted while waiting for the answer
	 */
	Map<String, Double> query(String query) throws IOException, InterruptedException {
		String body = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body();
		if (!body.contains("\"status\":\"success\"")) {
			throw new IllegalStateException("Query " + query + " failed: " + body);
		}
		Map<String, Double> values = new LinkedHashMap<>();
		Matcher sample = SAMPLE.matcher(body);
		while (sample.find()) {
			Matcher pod = POD_LABEL.matcher(sample.group(1));
			if (pod.find()) {
				values.put(pod.group(1), Double.parseDouble(sample.group(2)));
			}
		}
		return values;
	}

	String log() {
		try {
			return String.join("\n", tail(Files.readAllLines(this.log, StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			return "(log unavailable: " + ex + ")";
		}
	}

	private static List<String> tail(List<String> lines) {
		return new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	private int status(String path) {
		try {
			return get(path).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}

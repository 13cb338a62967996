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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import static org.awaitility.Awaitility.await;

/**
 * Prints, from one run, side by side: failed requests during a rolling restart with and
 * without the starter, each pod's SIGTERM-to-exit time against its bound, the starter's
 * steady-state cost (throughput and p99 latency, alternating runs of {@code wrk}) and the
 * startup time it adds; and draws the rolling restarts as an SVG timeline.
 * <p>
 * Run it with {@code ./mvnw -pl e2e-tests test-compile exec:exec@benchmark} after
 * {@code ./mvnw -q install -DskipTests}; it needs {@code haproxy} and {@code wrk}.
 * {@code -Dbenchmark.server=JETTY} picks another server; {@code -Dbenchmark.parts=control}
 * compares two identical pods without the starter instead, which shows the noise floor;
 * {@code -Dbenchmark.parts=adaptive} compares a fixed propagation delay with a quiet
 * period.
 */
public final class Benchmark {

	private static final Path WORK_DIR = Path.of("target", "benchmark");

	private static final int ROUNDS = 6;

	private static final int WARM_UP_ROUNDS = 4;

	private static final int STARTUPS = 8;

	private static final Pattern STARTED = Pattern.compile("Started PodApplication in ([0-9.]+) seconds");

	private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

	private static final int PACED_CONNECTIONS = 4;

	private static final int PACED_RATE = 2000;

	private Benchmark() {
	}

	public static void main(String[] args) throws Exception {
		WebServer server = WebServer.valueOf(System.getProperty("benchmark.server", "TOMCAT"));
		Path docs = Path.of(System.getProperty("benchmark.output", "../docs"));
		System.out.printf("Benchmark on %s, %d cores, %s%n%n", server, Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"));
		List<String> parts = List
			.of(System.getProperty("benchmark.parts", "rolling,adaptive,cost,steady,startup").split(","));
		if (parts.contains("rolling")) {
			Map<String, List<LoadGenerator.Event>> timelines = new LinkedHashMap<>();
			rollingRestarts(server, timelines);
			Files.createDirectories(docs);
			Path svg = docs.resolve("rolling-restart-timeline.svg");
			Files.writeString(svg, TimelineSvg.draw("Rolling restart of 2 replicas on " + server
					+ " behind HAProxy as kube-proxy, no retries", timelines), StandardCharsets.UTF_8);
			System.out.println("Timeline written to " + svg.toAbsolutePath().normalize() + "\n");
		}
		if (parts.contains("cost")) {
			requestPathCost(server);
		}
		if (parts.contains("adaptive")) {
			adaptivePropagation(server);
		}
		if (parts.contains("steady")) {
			steadyState(server, true);
		}
		if (parts.contains("control")) {
			// A/A: two identical pods without the starter, to see how far apart this
			// machine measures two things that are the same.
			steadyState(server, false);
		}
		if (parts.contains("startup")) {
			startup(server);
		}
	}

	private static void rollingRestarts(WebServer server, Map<String, List<LoadGenerator.Event>> timelines)
			throws Exception {
		System.out.println("Rolling restart, kube-proxy model, mixed load (target: 0 failures with the starter; "
				+ "exit <= bound = propagation delay + longest request + 0.3s)");
		System.out.printf("%-16s %10s %8s  %s%n", "", "requests", "failed", "SIGTERM -> exit (bound)");
		for (boolean starter : new boolean[] { false, true }) {
			RollingRestart.Result result = new RollingRestart(server, starter, HaProxy.Model.KUBE_PROXY,
					RollingRestartTests.ENDPOINT_LAG, WORK_DIR)
				.run(RollingRestartTests.MIXED_LOAD, RollingRestartTests.INTERVAL);
			String label = starter ? "with starter" : "without starter";
			Duration bound = RollingRestartTests.PROPAGATION_DELAY_ON_KUBERNETES.plus(result.load().longest())
				.plusMillis(300);
			List<String> exits = new ArrayList<>();
			for (Duration exit : result.exits()) {
				exits.add(exit.toMillis() + " ms" + (starter ? " (" + bound.toMillis() + " ms)" : ""));
			}
			System.out.printf("%-16s %10d %8d  %s %s%n", label, result.load().succeeded() + result.load().failed(),
					result.load().failed(), String.join(", ", exits),
					result.load().failures().isEmpty() ? "" : result.load().failures());
			timelines.put(label + ": " + result.load().failed() + " failed", result.load().events());
		}
		System.out.println();
	}

	/**
	 * A 10 s propagation delay, fixed or as the maximum with a quiet period, through the
	 * kube-proxy model with a 2 s lag.
	 */
	private static void adaptivePropagation(WebServer server) throws Exception {
		Duration lag = RollingRestartTests.ENDPOINT_LAG;
		System.out.printf("Propagation phase, fixed vs adaptive: kube-proxy model, %d ms lag, 10 s delay (the maximum "
				+ "when adaptive), quiet period %d ms (target: 0 failures, adaptive exit <= (lag + longest request) "
				+ "x 1.3 + quiet period)%n", lag.toMillis(), AdaptivePropagationTests.QUIET_PERIOD.toMillis());
		System.out.printf("%-10s %10s %8s  %-28s %s%n", "", "requests", "failed", "SIGTERM -> exit", "propagation");
		String[][] variants = { { "fixed", "graceful-shutdown.propagation-delay=10s" },
				AdaptivePropagationTests.ADAPTIVE };
		String[] labels = { "fixed", "adaptive" };
		for (int i = 0; i < variants.length; i++) {
			RollingRestart.Result result = new RollingRestart(server, true, HaProxy.Model.KUBE_PROXY, lag, WORK_DIR)
				.withProperties(labels[i], variants[i])
				.run(RollingRestartTests.MIXED_LOAD, RollingRestartTests.INTERVAL);
			List<String> exits = new ArrayList<>();
			List<String> propagations = new ArrayList<>();
			for (RollingRestart.Termination termination : result.terminations()) {
				exits.add(termination.exit().toMillis() + " ms");
				propagations.add(termination.log().duration("propagation").toMillis() + " ms");
			}
			Duration target = Duration
				.ofMillis(Math.round(lag.plus(result.load().longest()).toMillis() * 1.3))
				.plus(AdaptivePropagationTests.QUIET_PERIOD);
			System.out.printf("%-10s %10d %8d  %-28s %s%s%n", labels[i],
					result.load().succeeded() + result.load().failed(), result.load().failed(),
					String.join(", ", exits), String.join(", ", propagations),
					(i == 1) ? "  (target exit <= " + target.toMillis() + " ms)" : "");
		}
		System.out.println();
	}

	private static void steadyState(WebServer server, boolean withStarter) throws Exception {
		System.out.println((withStarter ? "Steady state" : "Control (A/A): both pods without the starter")
				+ ", pods on CPU 0 with the full JIT, load on CPU 1, after " + WARM_UP_ROUNDS
				+ " alternating 10s warm-up runs each, " + ROUNDS + " alternating rounds of:");
		System.out.println("  efficiency: requests served per CPU-second of the pod under wrk -t1 -c8 -d10s, "
				+ "which a noisy machine disturbs far less than raw requests/s (target: ratio >= 0.99)");
		System.out.println("  latency: p99 of GET /work at a fixed " + PACED_RATE
				+ " requests/s over 4 keep-alive connections for 10s (target: within 0.1 ms)");
		try (Pod with = Pod.start(Pod.ON_FIRST_CPU, withStarter ? "bench-with" : "bench-a", server, withStarter,
				Pod.FULL_JIT, Pod.freePort(), WORK_DIR);
				Pod without = Pod.start(Pod.ON_FIRST_CPU, "bench-without", server, false, Pod.FULL_JIT,
						Pod.freePort(), WORK_DIR)) {
			with.awaitReady(Duration.ofSeconds(90));
			without.awaitReady(Duration.ofSeconds(90));
			// The full JIT needs a while on 2 cores: alternate warm-up runs until both are hot.
			for (int warmUp = 0; warmUp < WARM_UP_ROUNDS; warmUp++) {
				efficiency(with);
				efficiency(without);
			}
			double[] efficiencyWith = new double[ROUNDS];
			double[] efficiencyWithout = new double[ROUNDS];
			double[] p99With = new double[ROUNDS];
			double[] p99Without = new double[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				boolean withFirst = round % 2 == 0;
				for (Pod pod : withFirst ? List.of(with, without) : List.of(without, with)) {
					double efficiency = efficiency(pod);
					double p99 = pacedP99Millis(pod);
					if (pod == with) {
						efficiencyWith[round] = efficiency;
						p99With[round] = p99;
					}
					else {
						efficiencyWithout[round] = efficiency;
						p99Without[round] = p99;
					}
				}
				System.out.printf(Locale.ROOT,
						"round %d: %s %7.0f req/CPU-s p99 %6.3f ms | %s %7.0f req/CPU-s p99 %6.3f ms%n", round + 1,
						withStarter ? "with" : "A", efficiencyWith[round], p99With[round], withStarter ? "without" : "B",
						efficiencyWithout[round], p99Without[round]);
			}
			System.out.printf(Locale.ROOT, "median: efficiency ratio %s %.3f; p99 %.3f ms vs %.3f ms (%+.3f ms)%n%n",
					withStarter ? "with/without" : "A/B", median(efficiencyWith) / median(efficiencyWithout),
					median(p99With), median(p99Without), median(p99With) - median(p99Without));
		}
	}

	/**
	 * The starter's added CPU per request, measured in isolation with JMH, set against
	 * what a whole request costs a pod without the starter. Under a CPU-bound load the
	 * throughput ratio is the ratio of the two costs, and no request can wait longer than
	 * the added work.
	 */
	private static void requestPathCost(WebServer server) throws Exception {
		System.out.println("Request path cost: the starter's filter alone (JMH, 2 forks x 6 s after 4 s warm-up), "
				+ "against the CPU a whole request costs a pod without the starter (wrk -t1 -c8 -d10s, after warm-up)");
		Collection<RunResult> results = new Runner(new OptionsBuilder()
			.include(RequestPathCost.class.getName())
			.jvmArgsAppend("-Xmx256m")
			.build()).run();
		Map<String, Double> nanos = new HashMap<>();
		for (RunResult result : results) {
			String label = result.getParams().getBenchmark();
			nanos.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
		}
		String stack = (server == WebServer.REACTOR_NETTY) ? "reactive" : "servlet";
		double added = nanos.get(stack + "With") - nanos.get(stack + "Without");
		double requestNanos;
		try (Pod without = Pod.start(Pod.ON_FIRST_CPU, "cost-without", server, false, Pod.FULL_JIT, Pod.freePort(),
				WORK_DIR)) {
			without.awaitReady(Duration.ofSeconds(90));
			for (int warmUp = 0; warmUp < WARM_UP_ROUNDS; warmUp++) {
				efficiency(without);
			}
			double[] perSecond = new double[3];
			for (int round = 0; round < perSecond.length; round++) {
				perSecond[round] = efficiency(without);
			}
			requestNanos = 1e9 / median(perSecond);
		}
		System.out.printf(Locale.ROOT, "%s filter: %.0f ns per request with it, %.0f ns without: %.0f ns added%n", stack,
				nanos.get(stack + "With"), nanos.get(stack + "Without"), added);
		System.out.printf(Locale.ROOT,
				"a whole request on %s costs %.1f us of CPU: throughput ratio %.4f (target >= 0.99); "
						+ "added latency %.4f ms (target within 0.1 ms)%n%n",
				server, requestNanos / 1000, requestNanos / (requestNanos + added), added / 1e6);
	}

	private static double efficiency(Pod pod) throws IOException, InterruptedException {
		Duration cpuBefore = pod.cpuTime();
		long requests = wrk(pod.port(), "10s");
		Duration cpu = pod.cpuTime().minus(cpuBefore);
		return requests / (cpu.toMillis() / 1000.0);
	}

	private static double pacedP99Millis(Pod pod) throws Exception {
		LoadGenerator generator = new LoadGenerator(pod.port(),
				Collections.nCopies(PACED_CONNECTIONS, LoadGenerator.Request.keepAliveGet("/work")),
				Duration.ofNanos(Duration.ofSeconds(1).toNanos() * PACED_CONNECTIONS / PACED_RATE))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() >= deadline);
		LoadGenerator.Results results = generator.stop();
		if (results.failed() > 0) {
			throw new IllegalStateException("Requests failed in steady state: " + results.failures());
		}
		long[] latencies = results.events().stream().mapToLong(LoadGenerator.Event::latencyMicros).sorted().toArray();
		return latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1000.0;
	}

	private static long wrk(int port, String duration) throws IOException, InterruptedException {
		// The pods run on the first CPU, wrk on the second: they do not compete.
		Process process = new ProcessBuilder("taskset", "-c", "1", "wrk", "-t1", "-c8", "-d" + duration,
				"http://127.0.0.1:" + port + "/work")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("wrk failed:\n" + output);
		}
		Matcher requests = REQUESTS.matcher(output);
		if (!requests.find() || output.contains("Non-2xx") || output.contains("Socket errors")) {
			throw new IllegalStateException("Unexpected wrk output:\n" + output);
		}
		return Long.parseLong(requests.group(1));
	}

	private static void startup(WebServer server) throws Exception {
		System.out.println("Startup, \"Started PodApplication in\" as Spring Boot reports it, on CPU 0, C1 only, "
				+ "alternating " + STARTUPS + " starts each (target: <= 50 ms added)");
		double[] with = new double[STARTUPS];
		double[] without = new double[STARTUPS];
		for (int i = 0; i < STARTUPS; i++) {
			with[i] = startupMillis(server, true, i);
			without[i] = startupMillis(server, false, i);
		}
		System.out.printf(Locale.ROOT, "median: with %.0f ms, without %.0f ms, added %+.0f ms%n", median(with),
				median(without), median(with) - median(without));
	}

	private static double startupMillis(WebServer server, boolean starter, int run) throws Exception {
		try (Pod pod = Pod.start(Pod.ON_FIRST_CPU, "startup-" + (starter ? "with-" : "without-") + run, server,
				starter, Pod.FAST_STARTUP, Pod.freePort(), WORK_DIR)) {
			pod.awaitReady(Duration.ofSeconds(90));
			Matcher started = STARTED.matcher(pod.log());
			if (!started.find()) {
				throw new IllegalStateException("No startup time in:\n" + pod.log());
			}
			return Double.parseDouble(started.group(1)) * 1000;
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}

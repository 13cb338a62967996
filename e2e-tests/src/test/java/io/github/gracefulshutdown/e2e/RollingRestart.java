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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A rolling restart of a two-replica Deployment with {@code maxSurge: 1} and
 * {@code maxUnavailable: 0}, under load, behind a {@link HaProxy}: for each old pod, a new
 * pod starts and becomes an endpoint once ready; then the old pod is deleted, which sends
 * it SIGTERM and, in the kube-proxy model, removes it from the endpoints after the
 * propagation lag, both counted from the same moment. The pods run with the Kubernetes
 * defaults ({@code spring.main.cloud-platform=kubernetes}), with or without the starter on
 * their classpath.
 */
final class RollingRestart {

	private static final int REPLICAS = 2;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

	private final WebServer server;

	private final boolean starter;

	private final HaProxy.Model model;

	private final Duration endpointLag;

	private final Path workDir;

	private final List<String> properties;

	RollingRestart(WebServer server, boolean starter, HaProxy.Model model, Duration endpointLag, Path workDir) {
		this(server, starter, model, endpointLag, workDir, "", List.of());
	}

	private RollingRestart(WebServer server, boolean starter, HaProxy.Model model, Duration endpointLag, Path workDir,
			String variant, List<String> properties) {
		this.server = server;
		this.starter = starter;
		this.model = model;
		this.endpointLag = endpointLag;
		this.workDir = workDir.resolve(String.join("-", server.name(), model.name(), starter ? "with" : "without")
			.toLowerCase(Locale.ROOT) + variant);
		this.properties = List.copyOf(properties);
	}

	/**
	 * Return the same rolling restart with pods that get extra properties.
	 * @param variant a name for the variant, for the work directory
	 * @param properties the properties of every pod
	 * @return the rolling restart of that variant
	 */
	RollingRestart withProperties(String variant, String... properties) {
		return new RollingRestart(this.server, this.starter, this.model, this.endpointLag, this.workDir.getParent(),
				"-" + variant, List.of(properties));
	}

	Result run(List<LoadGenerator.Request> load, Duration interval) throws Exception {
		List<Integer> slotPorts = new ArrayList<>();
		for (int slot = 0; slot < 2 * REPLICAS; slot++) {
			slotPorts.add(Pod.freePort());
		}
		List<Pod> pods = new ArrayList<>();
		ScheduledExecutorService endpointsController = Executors.newSingleThreadScheduledExecutor();
		try (HaProxy haProxy = HaProxy.start(this.workDir, slotPorts, this.model)) {
			for (int slot = 0; slot < REPLICAS; slot++) {
				pods.add(startPod(slot, slotPorts.get(slot)));
			}
			for (int slot = 0; slot < REPLICAS; slot++) {
				pods.get(slot).awaitReady(STARTUP_TIMEOUT);
				haProxy.addEndpoint(slot);
			}
			LoadGenerator generator = new LoadGenerator(haProxy.port(), load, interval).start();
			awaitSucceeded(generator, 500);
			List<Termination> terminations = new ArrayList<>();
			for (int old = 0; old < REPLICAS; old++) {
				int replacement = old + REPLICAS;
				Pod newPod = startPod(replacement, slotPorts.get(replacement));
				pods.add(newPod);
				newPod.awaitReady(STARTUP_TIMEOUT);
				haProxy.addEndpoint(replacement);
				Pod oldPod = pods.get(old);
				int oldSlot = old;
				oldPod.terminate();
				// An L7 balancer finds out from its health checks alone.
				ScheduledFuture<?> endpointRemoval = (this.model != HaProxy.Model.KUBE_PROXY) ? null
						: endpointsController.schedule(() -> haProxy.removeEndpoint(oldSlot),
								this.endpointLag.toMillis(), TimeUnit.MILLISECONDS);
				Duration exit = oldPod.awaitExit(EXIT_TIMEOUT);
				terminations.add(new Termination(oldPod.name(), exit, ShutdownLog.of(oldPod.log())));
				if (endpointRemoval != null) {
					endpointRemoval.get();
				}
			}
			awaitSucceeded(generator, generator.succeeded() + 500);
			return new Result(generator.stop(), terminations);
		}
		finally {
			endpointsController.shutdownNow();
			pods.forEach(Pod::close);
		}
	}

	private Pod startPod(int slot, int port) throws Exception {
		List<String> properties = new ArrayList<>(this.properties);
		properties.add(0, "spring.main.cloud-platform=kubernetes");
		return Pod.start("pod-" + slot, this.server, this.starter, port, this.workDir,
				properties.toArray(String[]::new));
	}

	private static void awaitSucceeded(LoadGenerator generator, long count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> generator.succeeded() >= count);
	}

	/**
	 * How an old pod ended.
	 *
	 * @param pod the pod's name
	 * @param exit the time from SIGTERM to exit, as the kubelet would see it
	 * @param log what the pod logged from the start of its shutdown on
	 */
	record Termination(String pod, Duration exit, ShutdownLog log) {

		@Override
		public String toString() {
			return "%s exited %d ms after SIGTERM:%n%s".formatted(this.pod, this.exit.toMillis(), this.log);
		}

	}

	/**
	 * What a rolling restart did.
	 *
	 * @param load what the load client saw
	 * @param terminations how each old pod ended
	 */
	record Result(LoadGenerator.Results load, List<Termination> terminations) {

		List<Duration> exits() {
			return this.terminations.stream().map(Termination::exit).toList();
		}

		String summary() {
			return "%d ok, %d failed %s, %d HTTP/2 streams refused unprocessed and sent again, longest request %d ms, "
				.formatted(this.load.succeeded(), this.load.failed(), this.load.failures(), this.load.retriedSafely(),
						this.load.longest().toMillis())
					+ "pod exits after SIGTERM: " + exits().stream().map((exit) -> exit.toMillis() + " ms").toList();
		}

	}

}

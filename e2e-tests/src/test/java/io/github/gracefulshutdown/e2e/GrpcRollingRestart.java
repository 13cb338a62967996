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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.e2e.RollingRestart.Termination;

import static org.awaitility.Awaitility.await;

/**
 * The {@link RollingRestart} of a two-replica Deployment ({@code maxSurge: 1},
 * {@code maxUnavailable: 0}) for the sample application's gRPC service: each pod is the
 * sample's jar, on Tomcat, with its gRPC server on a port of its own, behind HAProxy as
 * kube-proxy (TCP, so each gRPC channel's connection stays on its pod; a deleted pod
 * leaves the endpoints a lag after its SIGTERM), under a {@link GrpcLoadGenerator}'s load.
 */
final class GrpcRollingRestart {

	static final Path JAR = Path.of("..", "sample-app", "target", "sample-app.jar");

	private static final int REPLICAS = 2;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

	private final boolean starter;

	private final Duration endpointLag;

	private final Path workDir;

	GrpcRollingRestart(boolean starter, Duration endpointLag, Path workDir) {
		this.starter = starter;
		this.endpointLag = endpointLag;
		this.workDir = workDir.resolve(starter ? "with" : "without");
	}

	Result run(int channels) throws Exception {
		List<Integer> grpcPorts = new ArrayList<>();
		for (int slot = 0; slot < 2 * REPLICAS; slot++) {
			grpcPorts.add(Pod.freePort());
		}
		List<Pod> pods = new ArrayList<>();
		ScheduledExecutorService endpointsController = Executors.newSingleThreadScheduledExecutor();
		try (HaProxy haProxy = HaProxy.start(this.workDir, grpcPorts, HaProxy.Model.KUBE_PROXY)) {
			for (int slot = 0; slot < REPLICAS; slot++) {
				pods.add(startPod(slot, grpcPorts.get(slot)));
			}
			for (int slot = 0; slot < REPLICAS; slot++) {
				pods.get(slot).awaitReady(STARTUP_TIMEOUT);
				haProxy.addEndpoint(slot);
			}
			try (GrpcLoadGenerator generator = new GrpcLoadGenerator(haProxy.port(), channels).start()) {
				awaitSucceeded(generator, 200);
				List<Termination> terminations = new ArrayList<>();
				for (int old = 0; old < REPLICAS; old++) {
					int replacement = old + REPLICAS;
					Pod newPod = startPod(replacement, grpcPorts.get(replacement));
					pods.add(newPod);
					newPod.awaitReady(STARTUP_TIMEOUT);
					haProxy.addEndpoint(replacement);
					Pod oldPod = pods.get(old);
					int oldSlot = old;
					oldPod.terminate();
					ScheduledFuture<?> endpointRemoval = endpointsController.schedule(
							() -> haProxy.removeEndpoint(oldSlot), this.endpointLag.toMillis(), TimeUnit.MILLISECONDS);
					Duration exit = oldPod.awaitExit(EXIT_TIMEOUT);
					terminations.add(new Termination(oldPod.name(), exit, ShutdownLog.of(oldPod.log())));
					endpointRemoval.get();
				}
				// Calls keep going on the new pods, and the stream subscriptions there are
				// counted complete.
				awaitSucceeded(generator, generator.succeeded() + 200);
				return new Result(generator.stop(), terminations);
			}
		}
		finally {
			endpointsController.shutdownNow();
			pods.forEach(Pod::close);
		}
	}

	private Pod startPod(int slot, int grpcPort) throws IOException {
		List<String> properties = new ArrayList<>();
		properties.add("spring.main.cloud-platform=kubernetes");
		properties.add("spring.grpc.server.port=" + grpcPort);
		if (!this.starter) {
			// The starter's jar stays, switched off: the application is then a plain
			// Spring Boot one, with Spring gRPC's own shutdown.
			properties.add("graceful-shutdown.enabled=false");
		}
		return Pod.startJar("pod-" + slot, JAR, Pod.FAST_STARTUP, Pod.freePort(), this.workDir,
				properties.toArray(String[]::new));
	}

	private static void awaitSucceeded(GrpcLoadGenerator generator, long count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> generator.succeeded() >= count);
	}

	/**
	 * What a rolling restart did.
	 *
	 * @param load what the gRPC clients saw
	 * @param terminations how each old pod ended
	 */
	record Result(GrpcLoadGenerator.Results load, List<Termination> terminations) {

		String summary() {
			return this.load.summary() + ", pod exits after SIGTERM: "
					+ this.terminations.stream().map((termination) -> termination.exit().toMillis() + " ms").toList();
		}

	}

}

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

package io.github.gracefulshutdown.k3s;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.github.gracefulshutdown.e2e.LoadGenerator;
import io.github.gracefulshutdown.web.RawHttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart of the sample app on a real Kubernetes: K3s in a container, the image
 * built from {@code sample-app/Dockerfile}, the release installed from
 * {@code charts/graceful-shutdown-demo} with its defaults (two replicas, {@code maxSurge: 1},
 * {@code maxUnavailable: 0}, the {@code http} preStop hook), and keep-alive load that never
 * retries, through a NodePort Service, that is through kube-proxy, while
 * {@code kubectl rollout restart} replaces both pods.
 * <p>
 * Needs Docker and takes minutes, so it runs only with {@code -Pk3s}, and is skipped when
 * Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class RollingRestartOnK3sTests {

	/**
	 * Kubernetes 1.33, the version the chart tests render for.
	 */
	private static final DockerImageName K3S_IMAGE = DockerImageName.parse("rancher/k3s:v1.33.5-k3s1");

	/**
	 * The chart, from the module directory that Maven runs the tests in.
	 */
	private static final Path CHART = SampleImage.REPOSITORY_ROOT.resolve("charts/graceful-shutdown-demo");

	private static final Path WORK_DIR = Path.of("target", "k3s");

	private static final String NAMESPACE = "default";

	private static final String RELEASE_NAME = "demo";

	private static final String FULLNAME = "demo-graceful-shutdown-demo";

	private static final int REPLICAS = 2;

	/**
	 * The Service's node port, fixed so that the container can publish it before the
	 * Service exists.
	 */
	private static final int NODE_PORT = 30080;

	private static final String IMAGE_ARCHIVE_IN_CONTAINER = "/tmp/sample-image.tar";

	private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

	private static final String PATH = "/hello";

	private static final int CONNECTIONS = 4;

	private static final Duration INTERVAL = Duration.ofMillis(20);

	/**
	 * Requests answered before the restart, and again once the rollout is over, so that
	 * both the old and the new pods serve the load.
	 */
	private static final long REQUESTS_PER_PHASE = 500;

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(5);

	private static final int SIGKILL_EXIT_CODE = 137;

	@Test
	void rollingRestartThroughANodePortLosesNoRequest() throws Exception {
		String image = SampleImage.resolve();
		try (K3sContainer k3s = new K3sContainer(K3S_IMAGE)) {
			k3s.addExposedPort(NODE_PORT);
			k3s.start();
			importImage(k3s, image);
			try (KubernetesClient client = new KubernetesClientBuilder()
				.withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
				.build()) {
				try {
					rollingRestart(client, k3s.getKubeConfigYaml(), image, k3s.getHost(),
							k3s.getMappedPort(NODE_PORT));
				}
				catch (Exception | AssertionError ex) {
					printDiagnostics(client);
					throw ex;
				}
			}
		}
	}

	private void rollingRestart(KubernetesClient client, String kubeConfig, String image, String host, int port)
			throws Exception {
		install(kubeConfig, image);
		pinNodePort(client);
		await("the Service on node port " + NODE_PORT).atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> {
				try (RawHttpConnection connection = RawHttpConnection.open(host, port, Duration.ofSeconds(5))) {
					return connection.exchange("GET", PATH).status() == 200;
				}
			});
		Map<String, String> selector = deployment(client).getSpec().getSelector().getMatchLabels();
		Set<String> oldPods = pods(client, selector).stream()
			.map((pod) -> pod.getMetadata().getName())
			.collect(Collectors.toSet());
		assertThat(oldPods).hasSize(REPLICAS);
		PodTerminations terminations = new PodTerminations(oldPods);
		LoadGenerator.Results results;
		try (Watch watch = client.pods().inNamespace(NAMESPACE).withLabels(selector).watch(terminations);
				LoadGenerator load = new LoadGenerator(host, port,
						Collections.nCopies(CONNECTIONS, LoadGenerator.Request.keepAliveGet(PATH)), INTERVAL)
					.start()) {
			await("load through the old pods").atMost(Duration.ofMinutes(1))
				.until(() -> load.succeeded() >= REQUESTS_PER_PHASE);
			restart(client);
			awaitRolledOut(client, selector, oldPods);
			long atRolloutEnd = load.succeeded();
			await("load through the new pods").atMost(Duration.ofMinutes(1))
				.until(() -> load.succeeded() >= atRolloutEnd + REQUESTS_PER_PHASE);
			results = load.stop();
		}
		List<PodTerminations.Termination> ended = terminations.terminations();
		System.out.println("Rolling restart on K3s: " + results.succeeded() + " requests OK, "
				+ results.failed() + " failed " + results.failures() + ", longest " + results.longest());
		ended.forEach((termination) -> System.out.println("  " + termination));
		assertThat(results.failures()).as("failed requests by cause").isEmpty();
		assertThat(results.succeeded()).isPositive();
		// Each termination the watch saw: the JVM exited on its own, before the SIGKILL.
		assertThat(ended).allSatisfy((termination) -> {
			assertThat(termination.exitCode()).as("exit code of %s", termination.pod())
				.isNotEqualTo(SIGKILL_EXIT_CODE);
			assertThat(termination.finished()).as("exit of %s", termination.pod())
				.isNotNull()
				.isBefore(termination.killDeadline());
		});
	}

	/**
	 * Import an image of the Docker engine into K3s' containerd, where pods with
	 * {@code imagePullPolicy: Never} find it.
	 */
	private static void importImage(K3sContainer k3s, String image) throws Exception {
		Path archive = WORK_DIR.resolve("sample-image.tar");
		SampleImage.save(image, archive);
		k3s.copyFileToContainer(MountableFile.forHostPath(archive), IMAGE_ARCHIVE_IN_CONTAINER);
		ExecResult imported = k3s.execInContainer("ctr", "--namespace", "k8s.io", "images", "import",
				IMAGE_ARCHIVE_IN_CONTAINER);
		assertThat(imported.getExitCode()).as("ctr images import: %s%s", imported.getStdout(), imported.getStderr())
			.isZero();
		ExecResult images = k3s.execInContainer("ctr", "--namespace", "k8s.io", "images", "list", "--quiet");
		assertThat(images.getStdout()).as("images in K3s").contains(repository(image) + ":" + tag(image));
	}

	private static void install(String kubeConfig, String image) {
		// Packages the chart's library from charts/graceful-shutdown (file://), offline, afresh
		new Helm(CHART).dependency().build().skipRefresh().call();
		new Helm(CHART).install()
			.withName(RELEASE_NAME)
			.withNamespace(NAMESPACE)
			.withKubeConfigContents(kubeConfig)
			.set("image.repository", repository(image))
			.set("image.tag", tag(image))
			.set("image.pullPolicy", "Never")
			.set("gracefulShutdown.preStop", "http")
			.set("service.type", "NodePort")
			.waitReady()
			.withTimeout((int) INSTALL_TIMEOUT.toSeconds())
			.call();
	}

	/**
	 * The chart does not let a node port be chosen, and Kubernetes picked one at random:
	 * set the one the container publishes.
	 */
	private static void pinNodePort(KubernetesClient client) {
		client.services()
			.inNamespace(NAMESPACE)
			.withName(FULLNAME)
			.edit((service) -> new ServiceBuilder(service).editSpec()
				.editFirstPort()
				.withNodePort(NODE_PORT)
				.endPort()
				.endSpec()
				.build());
	}

	/**
	 * {@code kubectl rollout restart}: a new pod template annotation, so a new ReplicaSet.
	 */
	private static void restart(KubernetesClient client) {
		client.apps()
			.deployments()
			.inNamespace(NAMESPACE)
			.withName(FULLNAME)
			.edit((deployment) -> new DeploymentBuilder(deployment).editSpec()
				.editTemplate()
				.editOrNewMetadata()
				.addToAnnotations(RESTARTED_AT, Instant.now().toString())
				.endMetadata()
				.endTemplate()
				.endSpec()
				.build());
	}

	/**
	 * Wait until the new ReplicaSet has all its pods available and the old pods are gone,
	 * not merely terminating.
	 */
	private static void awaitRolledOut(KubernetesClient client, Map<String, String> selector, Set<String> oldPods) {
		await("the rollout").atMost(ROLLOUT_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Deployment deployment = deployment(client);
			DeploymentStatus status = deployment.getStatus();
			assertThat(status.getObservedGeneration()).isGreaterThanOrEqualTo(deployment.getMetadata().getGeneration());
			assertThat(status.getUpdatedReplicas()).isEqualTo(REPLICAS);
			assertThat(status.getReplicas()).isEqualTo(REPLICAS);
			assertThat(status.getAvailableReplicas()).isEqualTo(REPLICAS);
			List<Pod> pods = pods(client, selector);
			assertThat(pods).extracting((pod) -> pod.getMetadata().getName())
				.doesNotContainAnyElementsOf(oldPods)
				.hasSize(REPLICAS);
			assertThat(pods).allMatch(RollingRestartOnK3sTests::isReady, "ready");
		});
	}

	private static boolean isReady(Pod pod) {
		return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
				&& pod.getStatus().getConditions() != null && pod.getStatus()
					.getConditions()
					.stream()
					.anyMatch((condition) -> isTrue(condition, "Ready"));
	}

	private static boolean isTrue(PodCondition condition, String type) {
		return type.equals(condition.getType()) && "True".equals(condition.getStatus());
	}

	private static Deployment deployment(KubernetesClient client) {
		return client.apps().deployments().inNamespace(NAMESPACE).withName(FULLNAME).require();
	}

	private static List<Pod> pods(KubernetesClient client, Map<String, String> selector) {
		return client.pods().inNamespace(NAMESPACE).withLabels(selector).list().getItems();
	}

	private static String repository(String image) {
		int colon = image.lastIndexOf(':');
		return (colon > image.lastIndexOf('/')) ? image.substring(0, colon) : image;
	}

	private static String tag(String image) {
		int colon = image.lastIndexOf(':');
		return (colon > image.lastIndexOf('/')) ? image.substring(colon + 1) : "latest";
	}

	private static void printDiagnostics(KubernetesClient client) {
		try {
			System.out.println("Pods:");
			for (Pod pod : client.pods().inNamespace(NAMESPACE).list().getItems()) {
				System.out.println("  " + pod.getMetadata().getName() + " " + pod.getStatus().getPhase() + " ready="
						+ isReady(pod) + " deletion=" + pod.getMetadata().getDeletionTimestamp() + " containers="
						+ pod.getStatus().getContainerStatuses());
				System.out.println(client.pods()
					.inNamespace(NAMESPACE)
					.withName(pod.getMetadata().getName())
					.tailingLines(40)
					.getLog());
			}
			System.out.println("Events:");
			client.v1()
				.events()
				.inNamespace(NAMESPACE)
				.list()
				.getItems()
				.forEach((event) -> System.out.println("  " + event.getLastTimestamp() + " "
						+ event.getInvolvedObject().getName() + " " + event.getReason() + ": " + event.getMessage()));
		}
		catch (RuntimeException ex) {
			System.out.println("(diagnostics unavailable: " + ex + ")");
		}
	}

}

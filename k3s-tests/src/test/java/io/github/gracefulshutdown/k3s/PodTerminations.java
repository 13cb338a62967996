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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Follows pods through their deletion, as the API server reports it: when the deletion
 * was asked for (the kubelet then runs the preStop hook and sends SIGTERM), when the
 * kubelet would send SIGKILL, and how the container ended.
 */
final class PodTerminations implements Watcher<Pod> {

	private final Set<String> pods;

	private final Map<String, Instant> deletionRequested = new ConcurrentHashMap<>();

	private final Map<String, Instant> killDeadlines = new ConcurrentHashMap<>();

	private final Map<String, ContainerStateTerminated> terminated = new ConcurrentHashMap<>();

	private final Set<String> deleted = ConcurrentHashMap.newKeySet();

	/**
	 * Follow some pods.
	 * @param pods the names of the pods to follow
	 */
	PodTerminations(Set<String> pods) {
		this.pods = Set.copyOf(pods);
	}

	@Override
	public void eventReceived(Action action, Pod pod) {
		ObjectMeta metadata = pod.getMetadata();
		String name = metadata.getName();
		if (!this.pods.contains(name)) {
			return;
		}
		Long gracePeriod = metadata.getDeletionGracePeriodSeconds();
		// The first graceful deletion counts: the kubelet's final deletion has no grace period.
		if (metadata.getDeletionTimestamp() != null && gracePeriod != null && gracePeriod > 0) {
			Instant deadline = Instant.parse(metadata.getDeletionTimestamp());
			this.killDeadlines.putIfAbsent(name, deadline);
			this.deletionRequested.putIfAbsent(name, deadline.minusSeconds(gracePeriod));
		}
		if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
			for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
				if (status.getState() != null && status.getState().getTerminated() != null) {
					this.terminated.putIfAbsent(name, status.getState().getTerminated());
				}
			}
		}
		if (action == Action.DELETED) {
			this.deleted.add(name);
		}
	}

	@Override
	public void onClose(WatcherException cause) {
		// Closed by the test, or lost: terminations() then reports what was seen.
	}

	/**
	 * Whether every pod followed has been deleted.
	 * @return whether all pods are gone
	 */
	boolean allDeleted() {
		return this.deleted.containsAll(this.pods);
	}

	/**
	 * The terminations seen so far, of pods whose deletion was seen too.
	 * @return the terminations
	 */
	List<Termination> terminations() {
		return this.pods.stream()
			.filter((pod) -> this.terminated.containsKey(pod) && this.deletionRequested.containsKey(pod))
			.sorted()
			.map((pod) -> {
				ContainerStateTerminated state = this.terminated.get(pod);
				Instant finished = (state.getFinishedAt() != null) ? Instant.parse(state.getFinishedAt()) : null;
				return new Termination(pod, state.getExitCode(), state.getReason(), this.deletionRequested.get(pod),
						finished, this.killDeadlines.get(pod));
			})
			.toList();
	}

	/**
	 * How one pod's container ended. The API server's timestamps have a resolution of one
	 * second.
	 *
	 * @param pod the pod's name
	 * @param exitCode the container's exit code: 137 means SIGKILL
	 * @param reason the kubelet's reason, such as {@code Error} or {@code Completed}
	 * @param deletionRequested when the deletion was asked for
	 * @param finished when the container exited, if known
	 * @param killDeadline when the kubelet would have sent SIGKILL
	 */
	record Termination(String pod, int exitCode, String reason, Instant deletionRequested, Instant finished,
			Instant killDeadline) {

		Duration shutdown() {
			return (this.finished != null) ? Duration.between(this.deletionRequested, this.finished) : null;
		}

		@Override
		public String toString() {
			return this.pod + ": exit code " + this.exitCode + " (" + this.reason + ") " + shutdown()
					+ " after the deletion, SIGKILL due after "
					+ Duration.between(this.deletionRequested, this.killDeadline);
		}

	}

}

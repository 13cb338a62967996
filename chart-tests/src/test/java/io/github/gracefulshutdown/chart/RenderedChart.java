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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The objects a chart rendered, with short ways to the parts the tests look at.
 */
final class RenderedChart {

	private final List<HasMetadata> objects;

	RenderedChart(List<HasMetadata> objects) {
		this.objects = List.copyOf(objects);
	}

	List<HasMetadata> objects() {
		return this.objects;
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * Return the object of the given type and name.
	 * @param <T> the object's type
	 * @param type the object's type
	 * @param name the object's name
	 * @return the object
	 * @throws IllegalStateException unless there is exactly one
	 */
	<T extends HasMetadata> T get(Class<T> type, String name) {
		List<T> matching = all(type).stream().filter((object) -> name.equals(object.getMetadata().getName())).toList();
		if (matching.size() != 1) {
			throw new IllegalStateException("Expected one " + type.getSimpleName() + " named " + name + ", found "
					+ matching.size() + " among " + this.objects);
		}
		return matching.get(0);
	}

	/**
	 * Return the chart's only Deployment.
	 * @return the Deployment
	 */
	Deployment deployment() {
		List<Deployment> deployments = all(Deployment.class);
		if (deployments.size() != 1) {
			throw new IllegalStateException("Expected one Deployment, found " + deployments);
		}
		return deployments.get(0);
	}

	Service service() {
		return get(Service.class, ChartTemplate.FULLNAME);
	}

	PodSpec podSpec() {
		return deployment().getSpec().getTemplate().getSpec();
	}

	/**
	 * Return the pod's only container.
	 * @return the container
	 */
	Container container() {
		List<Container> containers = podSpec().getContainers();
		if (containers.size() != 1) {
			throw new IllegalStateException("Expected one container, found " + containers);
		}
		return containers.get(0);
	}

	/**
	 * Return the container's environment, which must name each variable once.
	 * @return the value of each variable, by name, in order
	 */
	Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvVar variable : container().getEnv()) {
			if (env.put(variable.getName(), variable.getValue()) != null) {
				throw new IllegalStateException(variable.getName() + " is set more than once");
			}
		}
		return env;
	}

	Optional<GenericKubernetesResource> serviceMonitor() {
		return customResource("ServiceMonitor");
	}

	Optional<GenericKubernetesResource> podMonitor() {
		return customResource("PodMonitor");
	}

	Optional<GenericKubernetesResource> prometheusRule() {
		return customResource("PrometheusRule");
	}

	Optional<NetworkPolicy> networkPolicy() {
		List<NetworkPolicy> policies = all(NetworkPolicy.class);
		if (policies.size() > 1) {
			throw new IllegalStateException("Expected at most one NetworkPolicy, found " + policies);
		}
		return policies.stream().findFirst();
	}

	private Optional<GenericKubernetesResource> customResource(String kind) {
		List<GenericKubernetesResource> resources = all(GenericKubernetesResource.class).stream()
			.filter((resource) -> kind.equals(resource.getKind()))
			.toList();
		if (resources.size() > 1) {
			throw new IllegalStateException("Expected at most one " + kind + ", found " + resources);
		}
		return resources.stream().findFirst();
	}

}

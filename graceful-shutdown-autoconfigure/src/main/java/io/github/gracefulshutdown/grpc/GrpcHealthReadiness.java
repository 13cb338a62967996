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

package io.github.gracefulshutdown.grpc;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The standard gRPC health service ({@code grpc.health.v1}) in step with readiness. When
 * readiness goes down, as the sequence's first step takes it down, the overall status
 * ({@code ""}) and every service's turn {@code NOT_SERVING} at once, on the thread that
 * took readiness down: Spring Boot only copies its health to the service every few
 * seconds, and gRPC clients and load balancers that health-check would keep picking this
 * server meanwhile. While readiness is down, that periodic copy
 * ({@link ReadinessGatedGrpcServerHealth}) cannot turn a service back to
 * {@code SERVING}; when readiness comes back up (a preStop call no SIGTERM followed),
 * each service gets the status last copied, or is cleared if nothing ever set it.
 *
 * @author Graceful Shutdown contributors
 */
final class GrpcHealthReadiness implements SmartApplicationListener {

	private final HealthStatusManager manager;

	/** What Spring Boot's health copy last set, by service. Guarded by this. */
	private final Map<String, ServingStatus> copied = new HashMap<>();

	/** Every service of every started server. Guarded by this. */
	private final Set<String> services = new LinkedHashSet<>();

	/** Guarded by this. */
	private boolean down;

	GrpcHealthReadiness(HealthStatusManager manager) {
		this.manager = manager;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
				|| GrpcServerStartedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof GrpcServerStartedEvent started) {
			serversStarted(started);
		}
		else if (event instanceof AvailabilityChangeEvent<?> change
				&& change.getState() instanceof ReadinessState readiness) {
			if (readiness == ReadinessState.REFUSING_TRAFFIC) {
				takeDown();
			}
			else {
				restore();
			}
		}
	}

	private synchronized void serversStarted(GrpcServerStartedEvent event) {
		for (ServerServiceDefinition service : event.getServer().getServices()) {
			this.services.add(service.getServiceDescriptor().getName());
		}
		if (this.down) {
			takeDown();
		}
	}

	synchronized boolean isDown() {
		return this.down;
	}

	private synchronized void takeDown() {
		this.down = true;
		for (String service : known()) {
			this.manager.setStatus(service, ServingStatus.NOT_SERVING);
		}
	}

	private synchronized void restore() {
		if (!this.down) {
			return;
		}
		this.down = false;
		for (String service : known()) {
			ServingStatus status = this.copied.get(service);
			if (status != null) {
				this.manager.setStatus(service, status);
			}
			else if (service.isEmpty()) {
				// What the health service says for the whole server before anyone sets it.
				this.manager.setStatus(service, ServingStatus.SERVING);
			}
			else {
				this.manager.clearStatus(service);
			}
		}
	}

	/**
	 * Pass on a status Spring Boot's health copy sets, unless readiness is down.
	 * @param service the service, {@code ""} for the whole server
	 * @param status the status Spring Boot computed
	 * @param updater what sets it on the health service
	 */
	synchronized void copy(String service, ServingStatus status, BiConsumer<String, ServingStatus> updater) {
		this.copied.put(service, status);
		updater.accept(service, this.down ? ServingStatus.NOT_SERVING : status);
	}

	private Set<String> known() {
		Set<String> known = new LinkedHashSet<>();
		known.add(HealthStatusManager.SERVICE_NAME_ALL_SERVICES);
		known.addAll(this.services);
		known.addAll(this.copied.keySet());
		return known;
	}

}

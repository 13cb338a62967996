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

import java.util.function.BiConsumer;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Spring Boot's gRPC health, which its scheduler copies to the health service every few
 * seconds, with each status passed through {@link GrpcHealthReadiness}: while readiness
 * is down, the copy cannot turn a service back to {@code SERVING}. It computes nothing
 * itself: the health it copies is the original bean's.
 *
 * @author Graceful Shutdown contributors
 */
final class ReadinessGatedGrpcServerHealth extends GrpcServerHealth {

	private final GrpcServerHealth health;

	private final GrpcHealthReadiness readiness;

	ReadinessGatedGrpcServerHealth(GrpcServerHealth health, GrpcHealthReadiness readiness,
			HealthContributorRegistry registry, @Nullable ReactiveHealthContributorRegistry fallbackRegistry,
			HealthCheckedGrpcComponents components) {
		super(registry, fallbackRegistry, components);
		this.health = health;
		this.readiness = readiness;
	}

	@Override
	public void update(BiConsumer<String, ServingStatus> updater) {
		this.health.update((service, status) -> this.readiness.copy(service, status, updater));
	}

}

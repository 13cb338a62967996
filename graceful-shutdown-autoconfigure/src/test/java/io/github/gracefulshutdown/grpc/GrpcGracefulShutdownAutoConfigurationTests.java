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

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.grpc.Server;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the gRPC part switches on, and what it puts in place of Spring gRPC's lifecycle.
 */
class GrpcGracefulShutdownAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class, SslAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerServicesAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class,
				GrpcGracefulShutdownAutoConfiguration.class))
		.withBean(EchoService.class)
		.withPropertyValues("spring.grpc.server.port=0");

	@Test
	void springGrpcsLifecycleIsReplacedByOneThatStopsAfterTheDrainWithTheSameGracePeriod() {
		this.contextRunner.withPropertyValues("graceful-shutdown.drain-timeout=20s",
				"spring.grpc.server.shutdown.grace-period=15s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(GrpcServerLifecycle.class)
					.isInstanceOfSatisfying(SequencedGrpcServerLifecycle.class, (lifecycle) -> {
						assertThat(lifecycle.getPhase()).isEqualTo(SequencedGrpcServerLifecycle.PHASE)
							.isLessThan(io.github.gracefulshutdown.GracefulShutdownLifecycle.PHASE);
						assertThat(lifecycle.getGracePeriod()).hasSeconds(15);
					});
				assertThat(context).hasSingleBean(GrpcCalls.class)
					.hasSingleBean(GrpcServerDrain.class)
					.hasSingleBean(GrpcHealthReadiness.class);
			});
	}

	@Test
	void withoutGrpcOnTheClassPathNothingIsRegistered() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Server.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GrpcCalls.class)
				.doesNotHaveBean(GrpcServerDrain.class)
				.doesNotHaveBean(GrpcServerLifecycleTakeover.class);
		});
	}

	@Test
	void withTheSequenceDisabledSpringGrpcsLifecycleIsLeftAlone() {
		this.contextRunner.withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(GrpcServerLifecycle.class).getClass()).isEqualTo(GrpcServerLifecycle.class);
			assertThat(context).doesNotHaveBean(GrpcCalls.class);
		});
	}

}

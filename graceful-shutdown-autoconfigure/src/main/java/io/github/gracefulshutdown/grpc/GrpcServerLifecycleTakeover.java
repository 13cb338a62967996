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

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Replaces each of Spring gRPC's own {@link GrpcServerLifecycle} beans, as it is
 * created and before anything uses it, with a {@link SequencedGrpcServerLifecycle} on the
 * same factory. A subclass of the lifecycle, which an application defines itself, is
 * left alone: it chose its own phase and stop.
 *
 * @author Graceful Shutdown contributors
 */
final class GrpcServerLifecycleTakeover implements BeanPostProcessor {

	static final String GRACE_PERIOD_PROPERTY = "spring.grpc.server.shutdown.grace-period";

	private final Environment environment;

	private final ApplicationEventPublisher eventPublisher;

	private final ObjectProvider<GrpcServerDrain> drain;

	GrpcServerLifecycleTakeover(Environment environment, ApplicationEventPublisher eventPublisher,
			ObjectProvider<GrpcServerDrain> drain) {
		this.environment = environment;
		this.eventPublisher = eventPublisher;
		this.drain = drain;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean.getClass() == GrpcServerLifecycle.class) {
			GrpcServerLifecycle lifecycle = (GrpcServerLifecycle) bean;
			return new SequencedGrpcServerLifecycle(lifecycle.getFactory(), gracePeriod(), this.eventPublisher,
					this.drain.getObject());
		}
		return bean;
	}

	/**
	 * The grace period Spring Boot gave the lifecycle, read as Spring Boot binds it, with
	 * its default.
	 */
	private Duration gracePeriod() {
		return Binder.get(this.environment)
			.bindOrCreate("spring.grpc.server", GrpcServerProperties.class)
			.getShutdown()
			.getGracePeriod();
	}

}

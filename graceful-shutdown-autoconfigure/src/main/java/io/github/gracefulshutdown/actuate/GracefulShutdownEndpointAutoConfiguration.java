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

package io.github.gracefulshutdown.actuate;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownBudget;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the read-only
 * {@link GracefulShutdownEndpoint drain-status endpoint} and of the
 * {@link PreStopEndpoint preStop hook endpoint}.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(ShutdownTimeline.class)
public final class GracefulShutdownEndpointAutoConfiguration {

	/**
	 * The one setting that enables the preStop endpoint; {@code none} leaves it off.
	 */
	static final String PRE_STOP_ACCESS_PROPERTY = "management.endpoint.prestop.access";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	GracefulShutdownEndpoint gracefulShutdownEndpoint(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, ShutdownBudget budget) {
		return new GracefulShutdownEndpoint(timeline, statistics, inFlightRequests,
				budget.propagationDelay().plus(budget.drainTimeout()));
	}

	/**
	 * The hook starts a shutdown, so it must never be reachable through the Service or
	 * an ingress: it only exists on a management port of its own. It is a read operation
	 * only because the kubelet can only send a GET, so it must be granted by its own
	 * {@value #PRE_STOP_ACCESS_PROPERTY}: {@code management.endpoints.access.default},
	 * which grants read operations to every endpoint, does not switch it on.
	 * @param lifecycle the lifecycle that runs the propagation phase
	 * @param timeline the timeline
	 * @return the endpoint
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(PRE_STOP_ACCESS_PROPERTY)
	@ConditionalOnAvailableEndpoint
	@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
	@ConditionalOnBean(GracefulShutdownLifecycle.class)
	PreStopEndpoint preStopEndpoint(GracefulShutdownLifecycle lifecycle, ShutdownTimeline timeline,
			PreStopCallers preStopCallers) {
		return new PreStopEndpoint(lifecycle, timeline, preStopCallers);
	}

	@Bean
	@ConditionalOnMissingBean
	PreStopCallers preStopCallers() {
		return new PreStopCallers();
	}

}

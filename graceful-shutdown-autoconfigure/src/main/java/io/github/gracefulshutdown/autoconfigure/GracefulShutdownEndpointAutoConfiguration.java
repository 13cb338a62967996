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

package io.github.gracefulshutdown.autoconfigure;

import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.actuate.GracefulShutdownEndpoint;
import io.github.gracefulshutdown.actuate.PreStopEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
	 * an ingress: it only exists on a management port of its own.
	 * @param lifecycle the lifecycle that runs the propagation phase
	 * @param timeline the timeline
	 * @return the endpoint
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
	@ConditionalOnBean(GracefulShutdownLifecycle.class)
	PreStopEndpoint preStopEndpoint(GracefulShutdownLifecycle lifecycle, ShutdownTimeline timeline) {
		return new PreStopEndpoint(lifecycle, timeline);
	}

	/**
	 * Granting access to the preStop endpoint without a management port of its own would
	 * create no endpoint, and a preStop hook that fails with 404 on every rollout, which
	 * the kubelet only reports as an event. Refuse it at startup instead.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = PRE_STOP_ACCESS_PROPERTY)
	static class PreStopAccessCheck {

		PreStopAccessCheck(Environment environment) {
			String access = Binder.get(environment).bind(PRE_STOP_ACCESS_PROPERTY, String.class).orElse("none");
			if (!"none".equalsIgnoreCase(access.trim())
					&& ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
				throw new ConflictingSettingException(PRE_STOP_ACCESS_PROPERTY, access,
						"the preStop endpoint starts a shutdown, so it only exists on a management port of its own, "
								+ "never on the application port, and management.server.port is not set to one",
						"Set 'management.server.port' to a port of its own, such as 8081, or set '"
								+ PRE_STOP_ACCESS_PROPERTY + "' to none.");
			}
		}

	}

}

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

import java.time.Duration;
import java.util.stream.Stream;

import io.github.gracefulshutdown.DrainCompletionLifecycle;
import io.github.gracefulshutdown.DrainParticipant;
import io.github.gracefulshutdown.DrainParticipantsLifecycle;
import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.GracePeriodDeadline;
import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenConnections;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.QueuedRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.TrafficDeparture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * {@link AutoConfiguration Auto-configuration} of the graceful shutdown sequence: a
 * propagation phase with readiness down before Spring Boot's graceful shutdown drains the
 * web server, drain participants (executors, schedulers) that finish their work after
 * the drain, and a report of what had to be aborted.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerApplicationContext")
@Conditional(OnGracefulShutdownEnabledCondition.class)
@ConditionalOnBean(ApplicationAvailability.class)
@EnableConfigurationProperties(GracefulShutdownProperties.class)
@Import({ ServletGracefulShutdownConfiguration.class, ReactiveGracefulShutdownConfiguration.class,
		TomcatGracefulShutdownConfiguration.class, JettyGracefulShutdownConfiguration.class,
		ReactorNettyGracefulShutdownConfiguration.class, ThreadPoolDrainParticipantsConfiguration.class })
public final class GracefulShutdownAutoConfiguration {

	private static final String ACTUATOR_BASE_PATH_PROPERTY = "management.endpoints.web.base-path";

	@Bean
	@ConditionalOnMissingBean
	ShutdownBudget shutdownBudget(GracefulShutdownProperties properties, Environment environment) {
		ShutdownBudget budget = ShutdownBudget.of(properties, environment);
		budget.validate();
		ConflictingSettings.check(budget, environment);
		ConflictingSettings.checkAdaptivePropagation(properties, budget);
		return budget;
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownTimeline shutdownTimeline() {
		return new ShutdownTimeline();
	}

	@Bean
	@ConditionalOnMissingBean
	InFlightRequests inFlightRequests() {
		return new InFlightRequests();
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownStatistics shutdownStatistics(ShutdownTimeline timeline) {
		return new ShutdownStatistics(timeline);
	}

	@Bean
	@ConditionalOnMissingBean
	OpenStreams openStreams(ShutdownStatistics statistics) {
		return new OpenStreams(statistics);
	}

	@Bean
	@ConditionalOnMissingBean
	ManagementRequests managementRequests(Environment environment) {
		return new ManagementRequests(environment.getProperty(ACTUATOR_BASE_PATH_PROPERTY, "/actuator"));
	}

	@Bean
	@ConditionalOnMissingBean
	GracefulShutdownLifecycle gracefulShutdownLifecycle(ShutdownTimeline timeline, ShutdownBudget budget,
			ApplicationContext context, ApplicationAvailability availability,
			ObjectProvider<DrainStartListener> drainStartListeners, ObjectProvider<QueuedRequests> queuedRequests,
			GracePeriodDeadline deadline, ShutdownPhaseTimeouts phaseTimeouts,
			ObjectProvider<TrafficDeparture> trafficDeparture) {
		GracefulShutdownLifecycle lifecycle = new GracefulShutdownLifecycle(timeline, budget.propagationDelay(),
				context, availability, drainStartListeners.orderedStream().toList());
		lifecycle.setGracePeriodDeadline(deadline, budget.drainTimeout(), phaseTimeouts::cutDrainTimeout);
		lifecycle.setQueuedRequests(queuedRequests.orderedStream().toList());
		trafficDeparture.ifAvailable(lifecycle::setTrafficDeparture);
		return lifecycle;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = GracefulShutdownProperties.PREFIX, name = "quiet-period")
	TrafficDeparture trafficDeparture(GracefulShutdownProperties properties, ShutdownBudget budget,
			ShutdownTimeline timeline, ShutdownStatistics statistics, InFlightRequests inFlightRequests,
			ObjectProvider<OpenConnections> openConnections) {
		Duration quietPeriod = properties.getQuietPeriod();
		Assert.state(quietPeriod != null, "No quiet period");
		return new TrafficDeparture(quietPeriod, ConflictingSettings.minimumPropagationDelay(properties, budget),
				timeline, statistics, inFlightRequests, openConnections.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	GracePeriodDeadline gracePeriodDeadline(ShutdownBudget budget) {
		return new GracePeriodDeadline(budget.terminationGracePeriod(), ShutdownBudget.SAFETY_MARGIN);
	}

	@Bean
	@ConditionalOnMissingBean
	DrainCompletionLifecycle drainCompletionLifecycle(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics) {
		return new DrainCompletionLifecycle(timeline, inFlightRequests, statistics);
	}

	@Bean
	@ConditionalOnMissingBean
	DrainParticipantsLifecycle drainParticipantsLifecycle(ObjectProvider<DrainParticipant> participants,
			ObjectProvider<ThreadPoolDrainParticipants> threadPools, ShutdownStatistics statistics,
			GracePeriodDeadline deadline) {
		DrainParticipantsLifecycle lifecycle = new DrainParticipantsLifecycle(() -> Stream
			.concat(participants.orderedStream(), threadPools.stream().flatMap((pools) -> pools.getParticipants().stream()))
			.toList(), statistics);
		lifecycle.setGracePeriodDeadline(deadline);
		return lifecycle;
	}

	/**
	 * Check the budget again once every singleton exists, with the drain participants:
	 * executors and schedulers only become participants as they are created.
	 */
	@Bean
	SmartInitializingSingleton drainParticipantsBudgetCheck(ShutdownBudget budget,
			ObjectProvider<DrainParticipant> participants, ObjectProvider<ThreadPoolDrainParticipants> threadPools) {
		return () -> {
			Duration timeout = participants.orderedStream()
				.map(DrainParticipant::getTimeout)
				.reduce(Duration.ZERO, Duration::plus);
			for (ThreadPoolDrainParticipants pools : threadPools) {
				timeout = timeout.plus(pools.getBudgetedTimeout());
			}
			budget.withParticipantsTimeout(timeout).validate();
		};
	}

	@Bean
	static ShutdownPhaseTimeouts gracefulShutdownPhaseTimeouts(ObjectProvider<ShutdownBudget> budget) {
		return new ShutdownPhaseTimeouts(budget);
	}

}

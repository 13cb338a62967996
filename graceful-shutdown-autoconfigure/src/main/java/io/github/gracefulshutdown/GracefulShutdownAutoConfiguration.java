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

package io.github.gracefulshutdown;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} of the graceful shutdown sequence: a
 * propagation phase with readiness down before Spring Boot's graceful shutdown drains the
 * web server, drain participants (executors, schedulers) that finish their work after
 * the drain, and a report of what had to be aborted. Each web server and stack adds its
 * own part in an auto-configuration of its own package.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration",
		"org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration" })
@ConditionalOnWebApplication
@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerApplicationContext")
@ConditionalOnEnabledSetting(GracefulShutdownProperties.PREFIX + ".enabled")
@ConditionalOnBean(ApplicationAvailability.class)
@EnableConfigurationProperties({ GracefulShutdownProperties.class, LifecycleProperties.class })
@Import(ThreadPoolDrainParticipantsConfiguration.class)
public final class GracefulShutdownAutoConfiguration {

	static final String PRE_STOP_ACCESS_PROPERTY = "management.endpoint.prestop.access";

	@Bean
	ShutdownBudget shutdownBudget(GracefulShutdownProperties properties, LifecycleProperties lifecycle,
			Environment environment) {
		ShutdownBudget budget = ShutdownBudget.of(properties, lifecycle, environment);
		budget.validate();
		ConflictingSettings.check(environment);
		ConflictingSettings.checkAdaptivePropagation(properties, budget);
		ConflictingSettings.checkGrpcGracePeriod(environment, budget);
		return budget;
	}

	@Bean
	ShutdownTimeline shutdownTimeline() {
		return new ShutdownTimeline();
	}

	@Bean
	InFlightRequests inFlightRequests() {
		return new InFlightRequests();
	}

	@Bean
	ShutdownStatistics shutdownStatistics(ShutdownTimeline timeline) {
		return new ShutdownStatistics(timeline);
	}

	@Bean
	OpenStreams openStreams(ShutdownStatistics statistics) {
		return new OpenStreams(statistics);
	}

	@Bean
	ShutdownSequence shutdownSequence(ApplicationContext context, ApplicationAvailability availability,
			ShutdownTimeline timeline, ShutdownStatistics statistics, InFlightRequests inFlightRequests,
			ShutdownBudget budget, GracefulShutdownProperties properties, DrainTimeout drainTimeout,
			ObjectProvider<DrainStartListener> drainStartListeners, ObjectProvider<QueuedRequests> queuedRequests,
			ObjectProvider<OpenConnections> openConnections, ObjectProvider<DrainParticipant> participants,
			ObjectProvider<PropagationEnd> propagationEnds, ObjectProvider<PreStopBound> preStopBounds) {
		GracePeriodDeadline deadline = new GracePeriodDeadline(budget.terminationGracePeriod(),
				ShutdownBudget.SAFETY_MARGIN);
		Duration quietPeriod = properties.getQuietPeriod();
		// A PropagationEnd bean is a seam for this project's own tests: the type is not API.
		PropagationEnd propagationEnd = propagationEnds.getIfAvailable(() -> (quietPeriod != null)
				? new TrafficDeparture(quietPeriod, ConflictingSettings.minimumPropagationDelay(properties, budget),
						timeline, statistics, inFlightRequests, openConnections.orderedStream().toList())
				: PropagationEnd.FIXED_DELAY);
		DrainStart drainStart = new DrainStart(drainStartListeners.orderedStream().toList(),
				queuedRequests.orderedStream().toList());
		DrainParticipants drainParticipants = new DrainParticipants(() -> participants.orderedStream().toList(),
				statistics);
		ShutdownProgress progress = new ShutdownProgress(timeline, inFlightRequests, drainParticipants,
				(context instanceof ConfigurableApplicationContext configurable) ? configurable.getBeanFactory()
						: null);
		return new ShutdownSequence(context, availability, timeline, deadline, budget.propagationDelay(),
				propagationEnd, drainStart, drainTimeout, drainParticipants,
				new DrainOutcome(timeline, inFlightRequests, statistics), statistics,
				// Likewise a seam for tests, which cannot wait the real bound.
				preStopBounds.getIfAvailable(() -> PreStopBound.DEFAULT),
				new TerminationMessage(properties.getTerminationMessagePath()), progress);
	}

	@Bean
	ShutdownSignals shutdownSignals(ConfigurableApplicationContext context, ShutdownTimeline timeline,
			ShutdownStatistics statistics, InFlightRequests inFlightRequests, GracefulShutdownProperties properties) {
		return new ShutdownSignals(context, timeline, statistics, inFlightRequests, properties.getExitStatus());
	}

	@Bean
	GracefulShutdownLifecycle gracefulShutdownLifecycle(ShutdownSequence sequence) {
		return new GracefulShutdownLifecycle(sequence);
	}

	@Bean
	DrainParticipantsLifecycle drainParticipantsLifecycle(ShutdownSequence sequence) {
		return new DrainParticipantsLifecycle(sequence);
	}

	@Bean
	DrainCompletionLifecycle drainCompletionLifecycle(ShutdownSequence sequence) {
		return new DrainCompletionLifecycle(sequence);
	}

	@Bean
	FinalScrape finalScrape(ShutdownTimeline timeline, ShutdownBudget budget) {
		return new FinalScrape(timeline, budget.finalScrapeWait());
	}

	@Bean
	FinalScrapeLifecycle finalScrapeLifecycle(ShutdownSequence sequence, FinalScrape finalScrape) {
		return new FinalScrapeLifecycle(sequence, finalScrape);
	}

	/**
	 * Check what the wait for the final scrape needs once every singleton exists: the
	 * actuator's web endpoints, the Prometheus one among them, are known only then.
	 */
	@Bean
	SmartInitializingSingleton finalScrapeSettingsCheck(ShutdownBudget budget, Environment environment,
			ListableBeanFactory beanFactory) {
		return () -> FinalScrapeSettings.check(budget, environment, beanFactory);
	}

	/**
	 * Check the budget again once every singleton exists, with the drain participants:
	 * executors and schedulers only become participants as they are created.
	 */
	@Bean
	SmartInitializingSingleton drainParticipantsBudgetCheck(ShutdownBudget budget,
			GracefulShutdownProperties properties, ObjectProvider<DrainParticipant> participants) {
		return () -> {
			List<DrainParticipant> budgeted = participants.orderedStream()
				.filter((participant) -> ThreadPoolDrainParticipants.isBudgeted(participant, properties))
				.toList();
			Duration timeout = budgeted.stream().map(DrainParticipant::getTimeout).reduce(Duration.ZERO, Duration::plus);
			budget.withParticipantsTimeout(timeout).validate();
		};
	}

	@Bean
	static DrainTimeout gracefulShutdownDrainTimeout(ObjectProvider<ShutdownBudget> budget) {
		return new DrainTimeout(budget);
	}


	/**
	 * Granting access to the preStop endpoint without a management port of its own would
	 * create no endpoint, and a preStop hook that fails with 404 on every rollout, which
	 * the kubelet only reports as an event. Refuse it at startup instead; checked here
	 * rather than in a condition, so that a setting given to an AOT-processed application
	 * at run time is checked too.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType")
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

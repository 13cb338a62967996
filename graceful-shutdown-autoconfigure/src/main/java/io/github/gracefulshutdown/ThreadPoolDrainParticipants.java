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

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Makes every {@link ThreadPoolTaskExecutor} and {@link ThreadPoolTaskScheduler} bean a
 * {@link ThreadPoolDrainParticipant}, unless excluded by name, as it is initialized, so
 * that an executor created lazily, such as Spring Boot's {@code applicationTaskExecutor},
 * takes part once used.
 * <p>
 * Executors are told to keep accepting tasks after the context close has begun:
 * otherwise a {@link ThreadPoolTaskExecutor} with {@code strictEarlyShutdown} rejects
 * every task from the {@code ContextClosedEvent} on, that is while requests are still
 * served through the propagation phase, and any executor waits for its running tasks in
 * its own lifecycle phase, after the web server has stopped and outside the budget. The
 * participant stops it instead, after the HTTP drain. Schedulers keep their early
 * shutdown at the {@code ContextClosedEvent}: scheduled jobs are not traffic, so no new
 * run starts once shutdown begins; here they are also told to drop runs already due
 * later (a cron job's next run), which a shut-down scheduler would otherwise still start.
 *
 * @author Graceful Shutdown contributors
 */
final class ThreadPoolDrainParticipants implements BeanPostProcessor, BeanFactoryAware {

	private final ObjectProvider<GracefulShutdownProperties> properties;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ThreadPoolDrainParticipants(ObjectProvider<GracefulShutdownProperties> properties) {
		this.properties = properties;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	/**
	 * Return whether a participant counts towards the startup check of the budget: the
	 * built-in ones only when their timeout is configured, since otherwise they take
	 * their default timeout from what the drain left of the grace period.
	 * @param participant the participant
	 * @return whether to count its timeout
	 */
	static boolean isBudgeted(DrainParticipant participant, GracefulShutdownProperties properties) {
		return !(participant instanceof ThreadPoolDrainParticipant) || properties.getParticipants().getTimeout() != null;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor && takesPart(beanName)) {
			executor.setAcceptTasksAfterContextClose(true);
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler && takesPart(beanName)) {
			scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor && takesPart(beanName)) {
			register(ThreadPoolDrainParticipant.of(beanName, executor, timeout()));
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler && takesPart(beanName)) {
			register(ThreadPoolDrainParticipant.of(beanName, scheduler, timeout()));
		}
		return bean;
	}

	/**
	 * A bean of its own, so that it takes part like any other {@link DrainParticipant},
	 * however late its pool was created.
	 */
	private void register(ThreadPoolDrainParticipant participant) {
		Assert.state(this.beanFactory != null, "No bean factory");
		this.beanFactory.registerSingleton(participant.getName() + "DrainParticipant", participant);
	}

	private Duration timeout() {
		Duration timeout = participants().getTimeout();
		return (timeout != null) ? timeout : GracefulShutdownProperties.Participants.DEFAULT_TIMEOUT;
	}

	private boolean takesPart(String beanName) {
		return !participants().getExclude().contains(beanName);
	}

	private GracefulShutdownProperties.Participants participants() {
		return this.properties.getObject().getParticipants();
	}

}

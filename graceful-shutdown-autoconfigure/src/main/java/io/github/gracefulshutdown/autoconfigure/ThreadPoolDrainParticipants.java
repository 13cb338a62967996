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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.gracefulshutdown.DrainParticipant;
import io.github.gracefulshutdown.task.ThreadPoolDrainParticipant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

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
final class ThreadPoolDrainParticipants implements BeanPostProcessor {

	private final ObjectProvider<GracefulShutdownProperties> properties;

	private final List<DrainParticipant> participants = new CopyOnWriteArrayList<>();

	ThreadPoolDrainParticipants(ObjectProvider<GracefulShutdownProperties> properties) {
		this.properties = properties;
	}

	/**
	 * Return the participants created so far.
	 * @return the participants
	 */
	List<DrainParticipant> getParticipants() {
		return List.copyOf(this.participants);
	}

	/**
	 * Return the time the participants count for in the budget: the sum of their
	 * timeouts when the timeout is configured; nothing otherwise, since they then take
	 * their default timeout from what the drain left of the grace period.
	 * @return the time to count
	 */
	Duration getBudgetedTimeout() {
		if (participants().getTimeout() == null) {
			return Duration.ZERO;
		}
		return this.participants.stream().map(DrainParticipant::getTimeout).reduce(Duration.ZERO, Duration::plus);
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
			this.participants.add(ThreadPoolDrainParticipant.of(beanName, executor, timeout()));
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler && takesPart(beanName)) {
			this.participants.add(ThreadPoolDrainParticipant.of(beanName, scheduler, timeout()));
		}
		return bean;
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

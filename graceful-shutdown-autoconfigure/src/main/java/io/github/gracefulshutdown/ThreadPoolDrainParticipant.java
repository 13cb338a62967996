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
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * {@link DrainParticipant} for a {@link ThreadPoolTaskExecutor} ({@code @Async}) or a
 * {@link ThreadPoolTaskScheduler} ({@code @Scheduled}): stops the pool from taking new
 * tasks, lets the running and queued ones finish within the timeout, then interrupts
 * those still running and drops those still queued, cancelling their futures, and counts
 * them as aborted.
 * <p>
 * Schedulers run before executors, so that a scheduled job still finishing can hand work
 * to an executor; both run after participants of an ordinary order.
 *
 * @author Graceful Shutdown contributors
 */
final class ThreadPoolDrainParticipant implements DrainParticipant {

	/**
	 * The order of executor participants: last.
	 */
	static final int EXECUTOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	/**
	 * The order of scheduler participants: just before executors.
	 */
	static final int SCHEDULER_ORDER = EXECUTOR_ORDER - 100;

	private final String name;

	private final Duration timeout;

	private final int order;

	private final ExecutorConfigurationSupport pool;

	private final Supplier<ThreadPoolExecutor> executor;

	private ThreadPoolDrainParticipant(String name, Duration timeout, int order, ExecutorConfigurationSupport pool,
			Supplier<ThreadPoolExecutor> executor) {
		this.name = name;
		this.timeout = timeout;
		this.order = order;
		this.pool = pool;
		this.executor = executor;
	}

	/**
	 * Create a participant for an executor.
	 * @param name the name of the participant, its bean name
	 * @param executor the executor, initialized
	 * @param timeout how long its tasks get to finish
	 * @return the participant
	 */
	static ThreadPoolDrainParticipant of(String name, ThreadPoolTaskExecutor executor, Duration timeout) {
		return new ThreadPoolDrainParticipant(name, timeout, EXECUTOR_ORDER, executor, executor::getThreadPoolExecutor);
	}

	/**
	 * Create a participant for a scheduler.
	 * @param name the name of the participant, its bean name
	 * @param scheduler the scheduler, initialized
	 * @param timeout how long its running executions get to finish
	 * @return the participant
	 */
	static ThreadPoolDrainParticipant of(String name, ThreadPoolTaskScheduler scheduler, Duration timeout) {
		return new ThreadPoolDrainParticipant(name, timeout, SCHEDULER_ORDER, scheduler,
				scheduler::getScheduledThreadPoolExecutor);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Duration getTimeout() {
		return this.timeout;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public void stopAcceptingWork() {
		this.pool.initiateShutdown();
	}

	@Override
	public int awaitCompletion(Duration timeout) throws InterruptedException {
		ThreadPoolExecutor executor = this.executor.get();
		if (executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			return 0;
		}
		// Running first: a task interrupted next may end before it could be counted.
		int running = executor.getActiveCount();
		List<Runnable> dropped = executor.shutdownNow();
		for (Runnable task : dropped) {
			// A caller blocked on the task's future would otherwise wait for good.
			if (task instanceof Future<?> future) {
				future.cancel(true);
			}
		}
		return running + dropped.size();
	}

	@Override
	public String toString() {
		return "ThreadPoolDrainParticipant '" + this.name + "'";
	}

}

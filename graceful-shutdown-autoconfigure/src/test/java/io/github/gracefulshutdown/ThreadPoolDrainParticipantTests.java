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
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ThreadPoolDrainParticipant}, with real executors and schedulers.
 */
class ThreadPoolDrainParticipantTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final CountDownLatch release = new CountDownLatch(1);

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.executor.shutdown();
		this.scheduler.shutdown();
	}

	@Test
	void afterStoppingToAcceptWorkTheExecutorRejectsNewTasks() {
		ThreadPoolDrainParticipant participant = executorParticipant(1);
		participant.stopAcceptingWork();
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> this.executor.execute(() -> {
		}));
	}

	@Test
	void runningAndQueuedTasksFinishWithinTheTimeout() throws Exception {
		ThreadPoolDrainParticipant participant = executorParticipant(1);
		AtomicInteger finished = new AtomicInteger();
		this.executor.execute(() -> {
			awaitRelease();
			finished.incrementAndGet();
		});
		// Queued behind the first task: accepted work that has not started yet.
		this.executor.execute(finished::incrementAndGet);
		participant.stopAcceptingWork();
		CompletableFuture<Integer> aborted = awaitCompletionInBackground(participant, TIMEOUT);
		assertThat(aborted).isNotDone();
		this.release.countDown();
		assertThat(aborted.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
		assertThat(finished).hasValue(2);
	}

	@Test
	void tasksOutlivingTheTimeoutAreInterruptedOrDroppedAndCountedExactly() throws Exception {
		ThreadPoolDrainParticipant participant = executorParticipant(2);
		CountDownLatch running = new CountDownLatch(2);
		CountDownLatch interrupted = new CountDownLatch(2);
		AtomicBoolean queuedRan = new AtomicBoolean();
		for (int i = 0; i < 2; i++) {
			this.executor.execute(() -> {
				running.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
				}
			});
		}
		this.executor.execute(() -> queuedRan.set(true));
		assertThat(running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		participant.stopAcceptingWork();
		assertThat(participant.awaitCompletion(Duration.ofMillis(100))).isEqualTo(3);
		assertThat(interrupted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(queuedRan).isFalse();
	}

	@Test
	void aDroppedTaskHasItsFutureCancelledSoItsCallerReturns() throws Exception {
		ThreadPoolDrainParticipant participant = executorParticipant(1);
		CountDownLatch running = new CountDownLatch(1);
		this.executor.submit(() -> {
			running.countDown();
			awaitRelease();
		});
		Future<String> queued = this.executor.submit(() -> "never runs");
		CompletableFuture<Throwable> caller = CompletableFuture.supplyAsync(() -> {
			try {
				queued.get();
				return null;
			}
			catch (Exception ex) {
				return ex;
			}
		});
		assertThat(running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		participant.stopAcceptingWork();
		assertThat(participant.awaitCompletion(Duration.ofMillis(100))).isEqualTo(2);
		assertThat(queued.isCancelled()).isTrue();
		assertThat(caller.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
	}

	@Test
	void aSchedulerDropsFutureRunsButItsRunningExecutionCompletes() throws Exception {
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.scheduler.initialize();
		ThreadPoolDrainParticipant participant = ThreadPoolDrainParticipant.of("taskScheduler", this.scheduler,
				TIMEOUT);
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean completed = new AtomicBoolean();
		AtomicBoolean laterRunStarted = new AtomicBoolean();
		this.scheduler.schedule(() -> {
			started.countDown();
			awaitRelease();
			completed.set(true);
		}, Instant.now());
		this.scheduler.schedule(() -> laterRunStarted.set(true), Instant.now().plus(Duration.ofMinutes(1)));
		assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		participant.stopAcceptingWork();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getQueue()).isEmpty();
		CompletableFuture<Integer> aborted = awaitCompletionInBackground(participant, TIMEOUT);
		this.release.countDown();
		assertThat(aborted.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
		assertThat(completed).isTrue();
		assertThat(laterRunStarted).isFalse();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().isTerminated()).isTrue();
	}

	@Test
	void schedulersRunBeforeExecutorsAndBothAfterOrdinaryParticipants() {
		assertThat(ThreadPoolDrainParticipant.SCHEDULER_ORDER).isLessThan(ThreadPoolDrainParticipant.EXECUTOR_ORDER)
			.isGreaterThan(0);
		this.scheduler.initialize();
		assertThat(ThreadPoolDrainParticipant.of("taskScheduler", this.scheduler, TIMEOUT).getOrder())
			.isEqualTo(ThreadPoolDrainParticipant.SCHEDULER_ORDER);
		assertThat(executorParticipant(1).getOrder()).isEqualTo(ThreadPoolDrainParticipant.EXECUTOR_ORDER);
	}

	private ThreadPoolDrainParticipant executorParticipant(int threads) {
		this.executor.setCorePoolSize(threads);
		this.executor.setMaxPoolSize(threads);
		this.executor.initialize();
		return ThreadPoolDrainParticipant.of("applicationTaskExecutor", this.executor, TIMEOUT);
	}

	private static CompletableFuture<Integer> awaitCompletionInBackground(ThreadPoolDrainParticipant participant,
			Duration timeout) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return participant.awaitCompletion(timeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

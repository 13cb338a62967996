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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.gracefulshutdown.metrics.GracefulShutdownMetricsAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Drain participants in a running context, with real executors and schedulers: the
 * built-in participants of {@link GracefulShutdownAutoConfiguration}, their order
 * relative to the HTTP phases and to beans in the default phase, and the budget. The web
 * server's lifecycles are stood in for by plain {@link SmartLifecycle} beans in their
 * phases.
 */
class DrainParticipantsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				GracefulShutdownAutoConfiguration.class))
		.withBean(ManualPropagationEnd.class)
		.withPropertyValues("graceful-shutdown.propagation-delay=1m");

	@Test
	void anAsyncTaskSubmittedDuringThePropagationPhaseRuns() {
		this.contextRunner.withUserConfiguration(StrictExecutorConfiguration.class).run((context) -> {
			CompletableFuture<Void> closing = beginShutdown(context);
			CompletableFuture<String> work = context.getBean(AsyncWork.class).work();
			assertThat(work.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
			endPropagationAndAwaitClose(context, closing);
		});
	}

	@Test
	void withoutTheParticipantsAStrictExecutorRejectsAsyncTasksDuringThePropagationPhase() {
		this.contextRunner.withUserConfiguration(StrictExecutorConfiguration.class)
			.withPropertyValues("graceful-shutdown.participants.enabled=false")
			.run((context) -> {
				CompletableFuture<Void> closing = beginShutdown(context);
				assertThatExceptionOfType(TaskRejectedException.class)
					.isThrownBy(() -> context.getBean(AsyncWork.class).work());
				endPropagationAndAwaitClose(context, closing);
			});
	}

	@Test
	void aTaskRunningAtShutdownFinishesAfterTheHttpDrainAndBeforeTheWebServerStops() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class, WebServerStandIns.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				context.getBean(ThreadPoolTaskExecutor.class).execute(() -> {
					events.awaitHttpDrainEnd();
					// Work that outlasts the hand-over between two lifecycle phases.
					LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
					events.add("task finished");
				});
				ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
				endPropagationAndAwaitClose(context, beginShutdown(context));
				assertThat(events.list()).containsExactly("http drain ends", "task finished", "web server stops");
				assertThat(statistics.participantAbortedTasks("taskExecutor")).isZero();
			});
	}

	@Test
	void aTaskOutlivingTheParticipantTimeoutIsInterruptedAndCountedAsAborted() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class)
			.withPropertyValues("graceful-shutdown.participants.timeout=200ms")
			.run((context) -> {
				CountDownLatch started = new CountDownLatch(1);
				CountDownLatch interrupted = new CountDownLatch(1);
				CountDownLatch never = new CountDownLatch(1);
				context.getBean(ThreadPoolTaskExecutor.class).execute(() -> {
					started.countDown();
					try {
						never.await();
					}
					catch (InterruptedException ex) {
						interrupted.countDown();
					}
				});
				assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				ShutdownStatistics statistics = context.getBean(ShutdownStatistics.class);
				ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
				InFlightRequests inFlightRequests = context.getBean(InFlightRequests.class);
				endPropagationAndAwaitClose(context, beginShutdown(context));
				assertThat(interrupted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				assertThat(statistics.participantAbortedTasks("taskExecutor")).isOne();
				assertThat(statistics.participantDuration("taskExecutor")).isGreaterThanOrEqualTo(Duration.ofMillis(200));
				assertThat(ShutdownReport.capture(timeline, statistics, inFlightRequests).toLogLine())
					.contains(" participants_aborted_tasks=1 ");
			});
	}

	@Test
	void aScheduledJobIsNotTriggeredOnceShutdownBeginsButItsRunningExecutionCompletes() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class, WebServerStandIns.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
				CountDownLatch running = new CountDownLatch(1);
				scheduler.schedule(() -> {
					running.countDown();
					events.awaitHttpDrainEnd();
					LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
					events.add("scheduled run finished");
				}, Instant.now());
				// A cron job's next run is such a one-shot task, scheduled ahead.
				scheduler.schedule(() -> events.add("later run"), Instant.now().plus(Duration.ofMinutes(1)));
				assertThat(running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				CompletableFuture<Void> closing = beginShutdown(context);
				assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).isEmpty();
				assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> scheduler.execute(() -> {
				}));
				endPropagationAndAwaitClose(context, closing);
				assertThat(events.list()).containsExactly("http drain ends", "scheduled run finished",
						"web server stops");
			});
	}

	@Test
	void listenerContainersStopBeforeThePropagationPhaseAndParticipantsAfterTheHttpDrainInOrder() {
		this.contextRunner
			.withUserConfiguration(ExecutorConfiguration.class, WebServerStandIns.class,
					ListenerContainerStandIn.class, RecordingParticipants.class)
			.run((context) -> {
				Events events = context.getBean(Events.class);
				assertThat(participants(context))
					.extracting(DrainParticipant::getName)
					.containsExactly("first", "second", "taskExecutor");
				endPropagationAndAwaitClose(context, beginShutdown(context));
				assertThat(events.list()).containsExactly(
						"listener container stops while running, executor accepts work", "http drain ends",
						"participant first", "participant second", "web server stops");
			});
	}

	@Test
	void executorsTakePartAndKeepAcceptingTasksAfterTheContextCloseBegins() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ThreadPoolDrainParticipants.class);
			assertThat(participants(context))
				.extracting(DrainParticipant::getName)
				.containsExactly("taskExecutor");
			assertThat(ReflectionTestUtils.getField(context.getBean(ThreadPoolTaskExecutor.class),
					"acceptTasksAfterContextClose"))
				.isEqualTo(true);
			assertThat(participants(context).stream().map(DrainParticipant::getTimeout).reduce(Duration.ZERO, Duration::plus))
				.isEqualTo(GracefulShutdownProperties.Participants.DEFAULT_TIMEOUT);
		});
	}

	@Test
	void whenDisabledExecutorsAreLeftToSpring() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class)
			.withPropertyValues("graceful-shutdown.participants.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ThreadPoolDrainParticipants.class);
				assertThat(participants(context)).isEmpty();
				assertThat(ReflectionTestUtils.getField(context.getBean(ThreadPoolTaskExecutor.class),
						"acceptTasksAfterContextClose"))
					.isEqualTo(false);
			});
	}

	@Test
	void anExcludedExecutorIsLeftToSpring() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class, SchedulerConfiguration.class)
			.withPropertyValues("graceful-shutdown.participants.exclude=taskExecutor")
			.run((context) -> {
				assertThat(participants(context))
					.extracting(DrainParticipant::getName)
					.containsExactly("taskScheduler");
				assertThat(ReflectionTestUtils.getField(context.getBean(ThreadPoolTaskExecutor.class),
						"acceptTasksAfterContextClose"))
					.isEqualTo(false);
			});
	}

	@Test
	void eachParticipantGetsMetersOfItsOwn() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class)
			.withConfiguration(AutoConfigurations.of(GracefulShutdownMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean("gracefulShutdownMetrics", MeterBinder.class).bindTo(registry);
				assertThat(registry.get("graceful.shutdown.participant.duration")
					.tag("participant", "taskExecutor")
					.timeGauge()
					.value()).isZero();
				assertThat(registry.get("graceful.shutdown.participant.aborted.tasks")
					.tag("participant", "taskExecutor")
					.functionCounter()
					.count()).isZero();
			});
	}

	@Test
	void configuredParticipantTimeoutsThatDoNotFitInTheGracePeriodFailStartup() {
		Throwable failure = StartupFailure.of(this.contextRunner.withUserConfiguration(ExecutorConfiguration.class,
				SchedulerConfiguration.class), "graceful-shutdown.propagation-delay=0",
				"graceful-shutdown.drain-timeout=3s", "graceful-shutdown.participants.timeout=6s",
				"graceful-shutdown.termination-grace-period=15s");
		FailureAnalysis analysis = new ShutdownBudgetFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("graceful-shutdown.drain-timeout (3s)")
			.contains("drain participants, one after the other (12s")
			.contains("= 17s")
			.contains("graceful-shutdown.termination-grace-period is 15s");
		assertThat(analysis.getAction()).contains("at least 17s").contains("graceful-shutdown.participants.timeout");
	}

	@Test
	void theDefaultParticipantTimeoutComesOutOfWhatTheDrainLeavesAndIsNotCounted() {
		this.contextRunner.withUserConfiguration(ExecutorConfiguration.class, SchedulerConfiguration.class)
			.withPropertyValues("graceful-shutdown.propagation-delay=0", "graceful-shutdown.drain-timeout=3s",
					"graceful-shutdown.termination-grace-period=5s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aDrainParticipantBeanCountsTowardsTheGracePeriod() {
		Throwable failure = StartupFailure.of(this.contextRunner.withUserConfiguration(RecordingParticipants.class),
				"graceful-shutdown.propagation-delay=0", "graceful-shutdown.drain-timeout=3s",
				"graceful-shutdown.termination-grace-period=6s");
		FailureAnalysis analysis = new ShutdownBudgetFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("drain participants, one after the other (2s").contains("= 7s");
	}

	private static List<DrainParticipant> participants(ConfigurableApplicationContext context) {
		return context.getBeanProvider(DrainParticipant.class).orderedStream().toList();
	}

	private static CompletableFuture<Void> beginShutdown(ConfigurableApplicationContext context) {
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(TIMEOUT).until(timeline::getPhase, (phase) -> phase == ShutdownPhase.PROPAGATING);
		return closing;
	}

	private static void endPropagationAndAwaitClose(ConfigurableApplicationContext context,
			CompletableFuture<Void> closing) throws Exception {
		context.getBean(ManualPropagationEnd.class).end();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * What happened during shutdown, in order.
	 */
	static class Events {

		private final List<String> events = Collections.synchronizedList(new ArrayList<>());

		private final CountDownLatch httpDrainEnd = new CountDownLatch(1);

		void add(String event) {
			this.events.add(event);
		}

		List<String> list() {
			return List.copyOf(this.events);
		}

		void httpDrainEnded() {
			add("http drain ends");
			this.httpDrainEnd.countDown();
		}

		void awaitHttpDrainEnd() {
			try {
				this.httpDrainEnd.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * A lifecycle bean that only records when it stops.
	 */
	static class PhaseStandIn implements SmartLifecycle {

		private final int phase;

		private final Runnable onStop;

		private volatile boolean running;

		PhaseStandIn(int phase, Runnable onStop) {
			this.phase = phase;
			this.onStop = onStop;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			this.onStop.run();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		@Bean
		Events events() {
			return new Events();
		}

	}

	/**
	 * Stand in for Spring Boot's {@code webServerGracefulShutdown} and
	 * {@code webServerStartStop}.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(EventsConfiguration.class)
	static class WebServerStandIns {

		@Bean
		PhaseStandIn webServerGracefulShutdownStandIn(Events events) {
			return new PhaseStandIn(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, events::httpDrainEnded);
		}

		@Bean
		PhaseStandIn webServerStartStopStandIn(Events events) {
			return new PhaseStandIn(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE,
					() -> events.add("web server stops"));
		}

	}

	/**
	 * Stands in for a JMS or Kafka message listener container: a lifecycle bean in the
	 * default phase.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(EventsConfiguration.class)
	static class ListenerContainerStandIn {

		@Bean
		PhaseStandIn listenerContainer(Events events, ShutdownTimeline timeline, ThreadPoolTaskExecutor executor) {
			return new PhaseStandIn(SmartLifecycle.DEFAULT_PHASE, () -> {
				CompletableFuture<Void> handedOver = CompletableFuture.runAsync(() -> {
				}, executor);
				handedOver.join();
				events.add("listener container stops while " + timeline.getPhase().name().toLowerCase(Locale.ROOT)
						+ ", executor accepts work");
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(EventsConfiguration.class)
	static class RecordingParticipants {

		@Bean
		DrainParticipant secondParticipant(Events events) {
			return new RecordingParticipant("second", 2, events);
		}

		@Bean
		DrainParticipant firstParticipant(Events events) {
			return new RecordingParticipant("first", 1, events);
		}

	}

	record RecordingParticipant(String name, int order, Events events) implements DrainParticipant {

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public Duration getTimeout() {
			return Duration.ofSeconds(1);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

		@Override
		public void stopAcceptingWork() {
			this.events.add("participant " + this.name);
		}

		@Override
		public int awaitCompletion(Duration timeout) {
			return 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class StrictExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			// Rejects tasks from the ContextClosedEvent on, unless told otherwise.
			executor.setStrictEarlyShutdown(true);
			return executor;
		}

		@Bean
		AsyncWork asyncWork() {
			return new AsyncWork();
		}

	}

	static class AsyncWork {

		@Async
		CompletableFuture<String> work() {
			return CompletableFuture.completedFuture("done");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler taskScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(2);
			return scheduler;
		}

	}

}

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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.gracefulshutdown.DrainCompletionLifecycle;
import io.github.gracefulshutdown.GracePeriodDeadline;
import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.github.gracefulshutdown.TrafficDeparture;
import io.github.gracefulshutdown.jetty.JettyGoingAwayWebSocketSessions;
import io.github.gracefulshutdown.jetty.JettyOpenConnections;
import io.github.gracefulshutdown.netty.ReactorNettyOpenConnections;
import io.github.gracefulshutdown.tomcat.TomcatIdleConnectionCloser;
import io.github.gracefulshutdown.tomcat.TomcatOpenConnections;
import io.github.gracefulshutdown.web.reactive.GracefulShutdownWebFilter;
import io.github.gracefulshutdown.web.servlet.GoingAwayWebSocketSessions;
import io.github.gracefulshutdown.web.servlet.GracefulShutdownFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link GracefulShutdownAutoConfiguration}.
 */
class GracefulShutdownAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations
		.of(ApplicationAvailabilityAutoConfiguration.class, GracefulShutdownAutoConfiguration.class);

	private final WebApplicationContextRunner servletContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void servletApplicationGetsTheWholeShutdownSequence() {
		this.servletContextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GracefulShutdownProperties.class);
			assertThat(context).hasSingleBean(ShutdownBudget.class);
			assertThat(context).hasSingleBean(ShutdownTimeline.class);
			assertThat(context).hasSingleBean(InFlightRequests.class);
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).hasSingleBean(DrainCompletionLifecycle.class);
			assertThat(context).hasSingleBean(TomcatIdleConnectionCloser.class);
			assertThat(context).hasSingleBean(ShutdownPhaseTimeouts.class);
			assertThat(context).hasBean("gracefulShutdownFilter");
			assertThat(context).doesNotHaveBean(GracefulShutdownWebFilter.class);
		});
	}

	@Test
	void servletApplicationRegistersTheFilterFirstInTheChainForRequestDispatchesOnly() {
		this.servletContextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("gracefulShutdownFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(GracefulShutdownFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(registration.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
			// Set explicitly rather than left to a default that depends on the filter's type.
			assertThat(ReflectionTestUtils.getField(registration, "dispatcherTypes"))
				.isEqualTo(EnumSet.of(DispatcherType.REQUEST));
		});
	}

	@Test
	void reactiveApplicationGetsTheWebFilterAndNoServletFilter() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ShutdownBudget.class);
			assertThat(context).hasSingleBean(ShutdownTimeline.class);
			assertThat(context).hasSingleBean(InFlightRequests.class);
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).hasSingleBean(DrainCompletionLifecycle.class);
			assertThat(context).hasSingleBean(GracefulShutdownWebFilter.class);
			assertThat(context).doesNotHaveBean("gracefulShutdownFilter");
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void nonWebApplicationGetsNothing() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ApplicationAvailability.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownProperties.class);
			assertThat(context).doesNotHaveBean(ShutdownBudget.class);
			assertThat(context).doesNotHaveBean(ShutdownTimeline.class);
			assertThat(context).doesNotHaveBean(InFlightRequests.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownLifecycle.class);
			assertThat(context).doesNotHaveBean(DrainCompletionLifecycle.class);
			assertThat(context).doesNotHaveBean(ShutdownPhaseTimeouts.class);
			assertThat(context).doesNotHaveBean(TomcatIdleConnectionCloser.class);
		});
	}

	@Test
	void whenDisabledThenServletApplicationGetsNothing() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ApplicationAvailability.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownProperties.class);
			assertThat(context).doesNotHaveBean(ShutdownBudget.class);
			assertThat(context).doesNotHaveBean(ShutdownTimeline.class);
			assertThat(context).doesNotHaveBean(InFlightRequests.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownLifecycle.class);
			assertThat(context).doesNotHaveBean(DrainCompletionLifecycle.class);
			assertThat(context).doesNotHaveBean(ShutdownPhaseTimeouts.class);
			assertThat(context).doesNotHaveBean(TomcatIdleConnectionCloser.class);
			assertThat(context).doesNotHaveBean("gracefulShutdownFilter");
		});
	}

	@Test
	void whenDisabledThenReactiveApplicationGetsNothing() {
		this.reactiveContextRunner.withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ShutdownBudget.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownLifecycle.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownWebFilter.class);
		});
	}

	@Test
	void whenDisabledThenInvalidDurationsAreNotBound() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.enabled=false", "graceful-shutdown.drain-timeout=-1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GracefulShutdownProperties.class);
			});
	}

	@Test
	void whenExplicitlyEnabledThenServletApplicationGetsTheShutdownSequence() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).hasBean("gracefulShutdownFilter");
		});
	}

	@Test
	void userDefinedGracefulShutdownLifecycleMakesTheAutoConfiguredOneBackOff() {
		this.servletContextRunner.withUserConfiguration(CustomLifecycleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).getBean(GracefulShutdownLifecycle.class)
				.isSameAs(context.getBean(CustomLifecycleConfiguration.class).lifecycle);
			assertThat(context).hasBean("customGracefulShutdownLifecycle");
			assertThat(context).doesNotHaveBean("gracefulShutdownLifecycle");
			assertThat(context).hasSingleBean(ShutdownTimeline.class);
			assertThat(context).hasSingleBean(DrainCompletionLifecycle.class);
		});
	}

	@Test
	void userDefinedShutdownTimelineIsUsedByTheAutoConfiguredBeans() {
		this.servletContextRunner.withUserConfiguration(CustomTimelineConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ShutdownTimeline.class);
			assertThat(context).hasBean("customShutdownTimeline");
			assertThat(context).doesNotHaveBean("shutdownTimeline");
			ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
			assertThat(ReflectionTestUtils.getField(context.getBean(GracefulShutdownLifecycle.class), "timeline"))
				.isSameAs(timeline);
			assertThat(ReflectionTestUtils.getField(context.getBean(DrainCompletionLifecycle.class), "timeline"))
				.isSameAs(timeline);
		});
	}

	@Test
	void withoutTomcatThereIsNoIdleConnectionCloser() {
		this.servletContextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TomcatIdleConnectionCloser.class);
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).hasBean("gracefulShutdownFilter");
		});
	}

	@Test
	void withoutAQuietPeriodThePropagationPhaseIsFixed() {
		this.servletContextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(TrafficDeparture.class);
			assertThat(context).hasSingleBean(TomcatOpenConnections.class);
			assertThat(context).hasSingleBean(JettyOpenConnections.class);
		});
	}

	@Test
	void withAQuietPeriodTheMinimumDefaultsTo2sCappedAtThePropagationDelay() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s")
			.run((context) -> {
				TrafficDeparture departure = context.getBean(TrafficDeparture.class);
				assertThat(departure.getQuietPeriod()).isEqualTo(Duration.ofSeconds(1));
				assertThat(departure.getMinimum()).isEqualTo(Duration.ofSeconds(2));
			});
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=1500ms", "graceful-shutdown.quiet-period=1s")
			.run((context) -> assertThat(context.getBean(TrafficDeparture.class).getMinimum())
				.isEqualTo(Duration.ofMillis(1500)));
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s",
					"graceful-shutdown.minimum-propagation-delay=0")
			.run((context) -> assertThat(context.getBean(TrafficDeparture.class).getMinimum()).isZero());
	}

	@Test
	void reactiveApplicationCountsReactorNettyConnectionsOnlyWithAQuietPeriod() {
		this.reactiveContextRunner.run((context) -> assertThat(context).doesNotHaveBean(ReactorNettyOpenConnections.class));
		this.reactiveContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s")
			.run((context) -> assertThat(context).hasSingleBean(ReactorNettyOpenConnections.class));
	}

	@Test
	void servletApplicationClosesWebSocketSessionsOfJakartaAndJettyContainers() {
		this.servletContextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GoingAwayWebSocketSessions.class);
			assertThat(context).hasSingleBean(JettyGoingAwayWebSocketSessions.class);
		});
	}

	@Test
	void withoutWebSocketApisThereIsNoWebSocketCloser() {
		this.servletContextRunner
			.withClassLoader(new FilteredClassLoader(ServerContainer.class, JettyWebSocketServerContainer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GoingAwayWebSocketSessions.class);
				assertThat(context).doesNotHaveBean(JettyGoingAwayWebSocketSessions.class);
				assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			});
	}

	@Test
	void reactiveApplicationHasNoServletWebSocketCloser() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(GoingAwayWebSocketSessions.class);
			assertThat(context).doesNotHaveBean(JettyGoingAwayWebSocketSessions.class);
		});
	}

	@Test
	void withoutTheServletFilterApiThereIsNoFilter() {
		// Hiding the whole of jakarta.servlet would break the servlet context itself.
		this.servletContextRunner.withClassLoader(new FilteredClassLoader(Filter.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("gracefulShutdownFilter");
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
		});
	}

	@Test
	void withoutApplicationAvailabilityTheAutoConfigurationBacksOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ApplicationAvailability.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownProperties.class);
				assertThat(context).doesNotHaveBean(ShutdownBudget.class);
				assertThat(context).doesNotHaveBean(GracefulShutdownLifecycle.class);
				assertThat(context).doesNotHaveBean("gracefulShutdownFilter");
			});
	}

	@Test
	void propagationDelayDefaultsToZeroWhenNotOnKubernetes() {
		this.servletContextRunner.run((context) -> {
			ShutdownBudget budget = context.getBean(ShutdownBudget.class);
			assertThat(budget.propagationDelay()).isZero();
			assertThat(context.getBean(GracefulShutdownProperties.class).getPropagationDelay()).isNull();
		});
	}

	@Test
	void propagationDelayDefaultsToFiveSecondsOnKubernetes() {
		this.servletContextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes").run((context) -> {
			ShutdownBudget budget = context.getBean(ShutdownBudget.class);
			assertThat(budget.propagationDelay()).isEqualTo(Duration.ofSeconds(5));
			assertThat(budget.propagationDelay()).isEqualTo(ShutdownBudget.KUBERNETES_PROPAGATION_DELAY);
			closeEndingPropagationEarly(context);
		});
	}

	@Test
	void explicitPropagationDelayWinsOnKubernetes() {
		this.servletContextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.propagation-delay=12s")
			.run((context) -> {
				assertThat(context.getBean(ShutdownBudget.class).propagationDelay()).isEqualTo(Duration.ofSeconds(12));
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void lifecycleRunsThePropagationPhaseForTheResolvedDelay() {
		this.servletContextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes").run((context) -> {
			GracefulShutdownLifecycle lifecycle = context.getBean(GracefulShutdownLifecycle.class);
			assertThat(ReflectionTestUtils.getField(lifecycle, "propagationDelay")).isEqualTo(Duration.ofSeconds(5));
			closeEndingPropagationEarly(context);
		});
	}

	@Test
	void explicitZeroPropagationDelayWinsOnKubernetes() {
		this.servletContextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.propagation-delay=0")
			.run((context) -> assertThat(context.getBean(ShutdownBudget.class).propagationDelay()).isZero());
	}

	@Test
	void explicitPropagationDelayIsUsedWhenNotOnKubernetes() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.propagation-delay=750ms")
			.run((context) -> {
				assertThat(context.getBean(ShutdownBudget.class).propagationDelay()).isEqualTo(Duration.ofMillis(750));
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void drainTimeoutDefaultsToThirtySeconds() {
		this.servletContextRunner.run((context) -> {
			ShutdownBudget budget = context.getBean(ShutdownBudget.class);
			assertThat(budget.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(budget.terminationGracePeriod()).isNull();
		});
	}

	@Test
	void drainTimeoutAndTerminationGracePeriodAreBound() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.drain-timeout=10s", "graceful-shutdown.termination-grace-period=1m")
			.run((context) -> {
				ShutdownBudget budget = context.getBean(ShutdownBudget.class);
				assertThat(budget.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(budget.terminationGracePeriod()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void enabledThatIsNotABooleanFailsStartupInsteadOfSwitchingTheSequenceOff() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.enabled=ture").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new GracefulShutdownPropertiesFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.startsWith("Invalid value 'ture' for property 'graceful-shutdown.enabled'");
			assertThat(analysis.getAction()).isEqualTo("Set 'graceful-shutdown.enabled' to true or false.");
		});
	}

	@Test
	void negativeDrainTimeoutFailsStartup() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.drain-timeout=-1s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void negativePropagationDelayFailsStartup() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.propagation-delay=-500ms")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void negativeTerminationGracePeriodFailsStartup() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.termination-grace-period=-30s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void unparseablePropagationDelayFailsStartup() {
		this.servletContextRunner.withPropertyValues("graceful-shutdown.propagation-delay=soon")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void terminationGracePeriodTooSmallForTheSequenceFailsStartup() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.drain-timeout=30s",
					"graceful-shutdown.termination-grace-period=30s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ShutdownBudgetExceededException.class);
				ShutdownBudgetExceededException failure = (ShutdownBudgetExceededException) rootCause(
						context.getStartupFailure());
				assertThat(failure.getBudget()).isEqualTo(
						new ShutdownBudget(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)));
			});
	}

	@Test
	void kubernetesDefaultPropagationDelayCountsTowardsTheTerminationGracePeriod() {
		this.servletContextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes",
					"graceful-shutdown.termination-grace-period=35s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ShutdownBudgetExceededException.class);
			});
	}

	@Test
	void terminationGracePeriodLargeEnoughForTheSequenceStartsUp() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.drain-timeout=30s",
					"graceful-shutdown.termination-grace-period=40s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ShutdownBudget.class).terminationGracePeriod())
					.isEqualTo(Duration.ofSeconds(40));
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void terminationGracePeriodExactlyLargeEnoughForTheSequenceStartsUp() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.drain-timeout=30s",
					"graceful-shutdown.termination-grace-period=37s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void shutdownPhasesOwnedByTheSequenceGetTimeoutsMatchingTheBudget() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.propagation-delay=7s", "graceful-shutdown.drain-timeout=20s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(shutdownPhaseTimeouts(context))
					.containsEntry(GracefulShutdownLifecycle.PHASE,
							Duration.ofSeconds(7 + 20).plus(ShutdownBudget.SAFETY_MARGIN).toMillis())
					.containsEntry(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE,
							Duration.ofSeconds(20).toMillis());
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void shutdownPhaseTimeoutsUseTheResolvedDefaults() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> {
				assertThat(shutdownPhaseTimeouts(context))
					.containsEntry(GracefulShutdownLifecycle.PHASE, 37000L)
					.containsEntry(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, 30000L);
				closeEndingPropagationEarly(context);
			});
	}

	@Test
	void shutdownPhaseTimeoutsLeaveOtherPhasesToTheGlobalTimeout() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=45s")
			.run((context) -> {
				assertThat(shutdownPhaseTimeouts(context)).containsOnlyKeys(GracefulShutdownLifecycle.PHASE,
						WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
				Object lifecycleProcessor = context.getBean("lifecycleProcessor");
				assertThat(ReflectionTestUtils.getField(lifecycleProcessor, "timeoutPerShutdownPhase")).isEqualTo(45000L);
			});
	}

	@Test
	void reactorNettySkipsTheEventLoopQuietPeriodThatWouldFollowTheDrain() {
		this.reactiveContextRunner.withBean(ReactorResourceFactory.class)
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(ReactorResourceFactory.class),
					"shutdownQuietPeriod"))
				.isEqualTo(Duration.ZERO));
	}

	@Test
	void reactorNettyQuietPeriodSetByTheUserIsLeftAlone() {
		this.reactiveContextRunner.withBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setShutdownQuietPeriod(Duration.ofSeconds(3));
			return factory;
		})
			.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=3s")
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(ReactorResourceFactory.class),
					"shutdownQuietPeriod"))
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void aDrainTimeoutCutAtShutdownBecomesTheTimeoutOfTheDrainPhase() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.drain-timeout=20s")
			.run((context) -> {
				assertThat(context).hasSingleBean(GracePeriodDeadline.class);
				context.getBean(ShutdownPhaseTimeouts.class).cutDrainTimeout(Duration.ofMillis(7500));
				assertThat(shutdownPhaseTimeouts(context))
					.containsEntry(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, 7500L);
			});
	}

	@Test
	void whenDisabledThenShutdownPhaseTimeoutsAreLeftAlone() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.enabled=false")
			.run((context) -> assertThat(shutdownPhaseTimeouts(context)).isEmpty());
	}

	@SuppressWarnings("unchecked")
	private static Map<Integer, Long> shutdownPhaseTimeouts(ApplicationContext context) {
		// DefaultLifecycleProcessor has no getter for the timeouts of individual phases.
		DefaultLifecycleProcessor lifecycleProcessor = context.getBean("lifecycleProcessor",
				DefaultLifecycleProcessor.class);
		return (Map<Integer, Long>) ReflectionTestUtils.getField(lifecycleProcessor, "timeoutsForShutdownPhases");
	}

	/**
	 * Close the context on another thread, as the JVM's shutdown hook does, and end the
	 * propagation phase as soon as it has begun rather than wait for the whole delay.
	 * @param context the context to close
	 * @throws Exception if closing fails or times out
	 */
	private static void closeEndingPropagationEarly(ConfigurableApplicationContext context) throws Exception {
		ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
		GracefulShutdownLifecycle lifecycle = context.getBean(GracefulShutdownLifecycle.class);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(TIMEOUT).until(timeline::getPhase, (phase) -> phase.compareTo(ShutdownPhase.PROPAGATING) >= 0);
		lifecycle.endPropagation();
		closing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLifecycleConfiguration {

		final GracefulShutdownLifecycle lifecycle = new GracefulShutdownLifecycle(new ShutdownTimeline(),
				Duration.ZERO, (event) -> {
				}, new ApplicationAvailabilityBean(), List.of());

		@Bean
		GracefulShutdownLifecycle customGracefulShutdownLifecycle() {
			return this.lifecycle;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTimelineConfiguration {

		@Bean
		ShutdownTimeline customShutdownTimeline() {
			return new ShutdownTimeline();
		}

	}

}

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
import java.util.EnumSet;
import java.util.Map;

import io.github.gracefulshutdown.jetty.JettyGracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.netty.ReactorNettyGracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.tomcat.TomcatGracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.web.reactive.ReactiveGracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.web.servlet.ServletGracefulShutdownAutoConfiguration;
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
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdownAutoConfiguration}.
 */
class GracefulShutdownAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations
		.of(ApplicationAvailabilityAutoConfiguration.class, GracefulShutdownAutoConfiguration.class,
				ServletGracefulShutdownAutoConfiguration.class, ReactiveGracefulShutdownAutoConfiguration.class,
				TomcatGracefulShutdownAutoConfiguration.class, JettyGracefulShutdownAutoConfiguration.class,
				ReactorNettyGracefulShutdownAutoConfiguration.class);

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
			assertThat(context).hasBean("tomcatIdleConnectionCloser");
			assertThat(context).hasSingleBean(DrainTimeout.class);
			assertThat(context).hasBean("gracefulShutdownFilter");
			assertThat(context).doesNotHaveBean("gracefulShutdownWebFilter");
		});
	}

	@Test
	void servletApplicationRegistersTheFilterFirstInTheChainForRequestDispatchesOnly() {
		this.servletContextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("gracefulShutdownFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter().getClass().getSimpleName()).isEqualTo("GracefulShutdownFilter");
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
			assertThat(context).hasBean("gracefulShutdownWebFilter");
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
			assertThat(context).doesNotHaveBean(DrainTimeout.class);
			assertThat(context).doesNotHaveBean("tomcatIdleConnectionCloser");
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
			assertThat(context).doesNotHaveBean(DrainTimeout.class);
			assertThat(context).doesNotHaveBean("tomcatIdleConnectionCloser");
			assertThat(context).doesNotHaveBean("gracefulShutdownFilter");
		});
	}

	@Test
	void whenDisabledThenReactiveApplicationGetsNothing() {
		this.reactiveContextRunner.withPropertyValues("graceful-shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ShutdownBudget.class);
			assertThat(context).doesNotHaveBean(GracefulShutdownLifecycle.class);
			assertThat(context).doesNotHaveBean("gracefulShutdownWebFilter");
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
	void withoutTomcatThereIsNoIdleConnectionCloser() {
		this.servletContextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("tomcatIdleConnectionCloser");
			assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			assertThat(context).hasBean("gracefulShutdownFilter");
		});
	}

	@Test
	void withoutAQuietPeriodThePropagationPhaseIsFixed() {
		this.servletContextRunner.run((context) -> {
			assertThat(context.getBean(ShutdownSequence.class).describePropagation()).isEqualTo("0ms");
			assertThat(context).hasBean("tomcatOpenConnections");
			assertThat(context).hasBean("jettyOpenConnections");
		});
	}

	@Test
	void withAQuietPeriodTheMinimumDefaultsTo2sCappedAtThePropagationDelay() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s")
			.run((context) -> {
				assertThat(context.getBean(ShutdownSequence.class).describePropagation()).isEqualTo("between 2s and 10s");
			});
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=1500ms", "graceful-shutdown.quiet-period=1s")
			.run((context) -> assertThat(context.getBean(ShutdownSequence.class).describePropagation())
				.isEqualTo("1.500s"));
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s",
					"graceful-shutdown.minimum-propagation-delay=0")
			.run((context) -> assertThat(context.getBean(ShutdownSequence.class).describePropagation())
				.isEqualTo("between 0ms and 10s"));
	}

	@Test
	void reactiveApplicationCountsReactorNettyConnectionsOnlyWithAQuietPeriod() {
		this.reactiveContextRunner.run((context) -> assertThat(nettyServerCustomizers(context)).isZero());
		this.reactiveContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=10s", "graceful-shutdown.quiet-period=1s")
			.run((context) -> assertThat(nettyServerCustomizers(context)).isOne());
	}

	/**
	 * Decided when the server is created, not by a condition: an AOT-processed application
	 * fixes its conditions at build time, and a quiet period can be given at deploy time.
	 */
	@SuppressWarnings("unchecked")
	private static int nettyServerCustomizers(ApplicationContext context) {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
		context.getBean("gracefulShutdownReactorNettyConnectionCount",
				WebServerFactoryCustomizer.class).customize(factory);
		return factory.getServerCustomizers().size();
	}

	@Test
	void servletApplicationClosesWebSocketSessionsOfJakartaAndJettyContainers() {
		this.servletContextRunner.run((context) -> {
			assertThat(context).hasBean("goingAwayWebSocketSessions");
			assertThat(context).hasBean("jettyGoingAwayWebSocketSessions");
		});
	}

	@Test
	void withoutWebSocketApisThereIsNoWebSocketCloser() {
		this.servletContextRunner
			.withClassLoader(new FilteredClassLoader(ServerContainer.class, JettyWebSocketServerContainer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("goingAwayWebSocketSessions");
				assertThat(context).doesNotHaveBean("jettyGoingAwayWebSocketSessions");
				assertThat(context).hasSingleBean(GracefulShutdownLifecycle.class);
			});
	}

	@Test
	void reactiveApplicationHasNoServletWebSocketCloser() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean("goingAwayWebSocketSessions");
			assertThat(context).doesNotHaveBean("jettyGoingAwayWebSocketSessions");
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
			closeAndAwaitStopped(context);
		});
	}

	@Test
	void explicitPropagationDelayWinsOnKubernetes() {
		this.servletContextRunner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.propagation-delay=12s")
			.run((context) -> {
				assertThat(context.getBean(ShutdownBudget.class).propagationDelay()).isEqualTo(Duration.ofSeconds(12));
				closeAndAwaitStopped(context);
			});
	}

	@Test
	void lifecycleRunsThePropagationPhaseForTheResolvedDelay() {
		this.servletContextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes").run((context) -> {
			GracefulShutdownLifecycle lifecycle = context.getBean(GracefulShutdownLifecycle.class);
			assertThat(lifecycle.getPropagationDelay()).isEqualTo(Duration.ofSeconds(5));
			closeAndAwaitStopped(context);
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
				closeAndAwaitStopped(context);
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
				closeAndAwaitStopped(context);
			});
	}

	@Test
	void terminationGracePeriodExactlyLargeEnoughForTheSequenceStartsUp() {
		this.servletContextRunner
			.withPropertyValues("graceful-shutdown.propagation-delay=5s", "graceful-shutdown.drain-timeout=30s",
					"graceful-shutdown.termination-grace-period=37s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				closeAndAwaitStopped(context);
			});
	}

	@Test
	void shutdownPhasesOwnedByTheSequenceGetTimeoutsMatchingTheBudget() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.propagation-delay=7s", "graceful-shutdown.drain-timeout=20s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(shutdownPhaseTimeouts(context)).containsExactly(
						Map.entry(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, Duration.ofSeconds(20).toMillis()));
				closeAndAwaitStopped(context);
			});
	}

	@Test
	void shutdownPhaseTimeoutsUseTheResolvedDefaults() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> {
				assertThat(shutdownPhaseTimeouts(context))
					.containsExactly(Map.entry(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, 30000L));
				closeAndAwaitStopped(context);
			});
	}

	@Test
	void shutdownPhaseTimeoutsLeaveOtherPhasesToTheGlobalTimeout() {
		this.servletContextRunner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=45s")
			.run((context) -> {
				assertThat(shutdownPhaseTimeouts(context))
					.containsOnlyKeys(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
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
				context.getBean(DrainTimeout.class).apply(Duration.ofMillis(7500));
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
	 * Close the context, as the JVM's shutdown hook does: it never reported ready, so
	 * the sequence skips the propagation delay and runs to its end at once.
	 * @param context the context to close
	 */
	private static void closeAndAwaitStopped(ConfigurableApplicationContext context) {
		ShutdownTimeline timeline = context.getBean(ShutdownTimeline.class);
		context.close();
		assertThat(timeline.getPhase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}

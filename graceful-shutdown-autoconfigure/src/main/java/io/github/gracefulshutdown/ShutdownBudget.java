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

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;

/**
 * The time the shutdown sequence may take, resolved from
 * {@link GracefulShutdownProperties} and checked against the pod's grace period.
 *
 * @param propagationDelay how long to keep serving after readiness went down
 * @param drainTimeout how long in-flight requests get once the server stops accepting
 * @param terminationGracePeriod the pod's grace period, if known
 * @param participantsTimeout how long the drain participants may take after the drain,
 * one after the other
 * @param finalScrapeWait how long the exit may wait, after the drain, for the Prometheus
 * endpoint to be scraped once more ({@code graceful-shutdown.metrics.await-final-scrape})
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public record ShutdownBudget(Duration propagationDelay, Duration drainTimeout,
		@Nullable Duration terminationGracePeriod, Duration participantsTimeout, Duration finalScrapeWait) {

	/**
	 * Propagation delay on Kubernetes when none is configured. Measured endpoint
	 * propagation through kube-proxy and common ingress controllers takes a few seconds.
	 */
	public static final Duration KUBERNETES_PROPAGATION_DELAY = Duration.ofSeconds(5);

	/**
	 * Time kept free between the end of the drain and the grace period's SIGKILL, for
	 * the web server to stop, beans to be destroyed and the JVM to exit.
	 */
	public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

	/**
	 * Create a budget without drain participants.
	 * @param propagationDelay how long to keep serving after readiness went down
	 * @param drainTimeout how long in-flight requests get once the server stops accepting
	 * @param terminationGracePeriod the pod's grace period, if known
	 */
	public ShutdownBudget(Duration propagationDelay, Duration drainTimeout, @Nullable Duration terminationGracePeriod) {
		this(propagationDelay, drainTimeout, terminationGracePeriod, Duration.ZERO);
	}

	/**
	 * Create a budget without a wait for the final scrape.
	 * @param propagationDelay how long to keep serving after readiness went down
	 * @param drainTimeout how long in-flight requests get once the server stops accepting
	 * @param terminationGracePeriod the pod's grace period, if known
	 * @param participantsTimeout how long the drain participants may take after the
	 * drain, one after the other
	 */
	public ShutdownBudget(Duration propagationDelay, Duration drainTimeout, @Nullable Duration terminationGracePeriod,
			Duration participantsTimeout) {
		this(propagationDelay, drainTimeout, terminationGracePeriod, participantsTimeout, Duration.ZERO);
	}

	/**
	 * Drain timeout when neither {@code graceful-shutdown.drain-timeout} nor
	 * {@code spring.lifecycle.timeout-per-shutdown-phase} is set.
	 */
	public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final String PROPAGATION_DELAY = GracefulShutdownProperties.PREFIX + ".propagation-delay";

	private static final String DRAIN_TIMEOUT = GracefulShutdownProperties.PREFIX + ".drain-timeout";

	private static final String AWAIT_FINAL_SCRAPE = GracefulShutdownProperties.PREFIX
			+ ".metrics.await-final-scrape";

	/**
	 * Resolve the budget for the given properties and environment.
	 * @param properties the configured properties
	 * @param lifecycle Spring Boot's lifecycle properties, whose timeout per shutdown
	 * phase, when set, is the drain timeout unless one is configured
	 * @param environment the environment, to detect Kubernetes and what is set
	 * @return the budget
	 */
	static ShutdownBudget of(GracefulShutdownProperties properties, LifecycleProperties lifecycle,
			Environment environment) {
		if (TestContexts.isTestContext(environment)) {
			return inTest(properties, environment);
		}
		Duration propagationDelay = properties.getPropagationDelay();
		if (propagationDelay == null) {
			propagationDelay = (CloudPlatform.getActive(environment) == CloudPlatform.KUBERNETES)
					? KUBERNETES_PROPAGATION_DELAY : Duration.ZERO;
		}
		Duration drainTimeout = ConflictingSettings.drainTimeout(properties, lifecycle, environment);
		Duration finalScrapeWait = properties.getMetrics().getAwaitFinalScrape();
		return new ShutdownBudget(propagationDelay, (drainTimeout != null) ? drainTimeout : DEFAULT_DRAIN_TIMEOUT,
				properties.getTerminationGracePeriod(), Duration.ZERO,
				(finalScrapeWait != null) ? finalScrapeWait : Duration.ZERO);
	}

	/**
	 * In a test context, only what the test itself sets: the application's own delay
	 * would make every context close of every test wait.
	 */
	private static ShutdownBudget inTest(GracefulShutdownProperties properties, Environment environment) {
		Duration propagationDelay = properties.getPropagationDelay();
		if (propagationDelay == null || !TestContexts.setByTest(environment, PROPAGATION_DELAY)) {
			propagationDelay = Duration.ZERO;
		}
		Duration drainTimeout = properties.getDrainTimeout();
		if (drainTimeout == null || !TestContexts.setByTest(environment, DRAIN_TIMEOUT)) {
			drainTimeout = Duration.ZERO;
		}
		// No Prometheus server scrapes a test's context: waiting for one would only
		// delay every context close.
		Duration finalScrapeWait = properties.getMetrics().getAwaitFinalScrape();
		if (finalScrapeWait == null || !TestContexts.setByTest(environment, AWAIT_FINAL_SCRAPE)) {
			finalScrapeWait = Duration.ZERO;
		}
		return new ShutdownBudget(propagationDelay, drainTimeout, properties.getTerminationGracePeriod(),
				Duration.ZERO, finalScrapeWait);
	}

	/**
	 * Return this budget with the given time for the drain participants.
	 * @param participantsTimeout the sum of the participants' timeouts
	 * @return the budget
	 */
	public ShutdownBudget withParticipantsTimeout(Duration participantsTimeout) {
		return new ShutdownBudget(this.propagationDelay, this.drainTimeout, this.terminationGracePeriod,
				participantsTimeout, this.finalScrapeWait);
	}

	/**
	 * Return the time the whole sequence needs before SIGKILL, margin included.
	 * @return the time needed
	 */
	public Duration required() {
		return this.propagationDelay.plus(this.drainTimeout)
			.plus(this.participantsTimeout)
			.plus(this.finalScrapeWait)
			.plus(SAFETY_MARGIN);
	}

	/**
	 * Check that the sequence fits in the pod's grace period, when it is known.
	 * @throws ShutdownBudgetExceededException if it does not fit
	 */
	public void validate() {
		if (this.terminationGracePeriod != null && required().compareTo(this.terminationGracePeriod) > 0) {
			throw new ShutdownBudgetExceededException(this);
		}
	}

}

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
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the graceful shutdown sequence.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@ConfigurationProperties(GracefulShutdownProperties.PREFIX)
public class GracefulShutdownProperties {

	/**
	 * Prefix of every property of this starter.
	 */
	public static final String PREFIX = "graceful-shutdown";

	/**
	 * Whether to run the graceful shutdown sequence.
	 */
	private boolean enabled = true;

	/**
	 * How long to keep accepting connections and serving requests after readiness went
	 * down, while kube-proxy, ingress controllers and load balancers stop routing to this
	 * instance. Defaults to 5s when running on Kubernetes and to 0 elsewhere, so that a
	 * local Ctrl-C stays instant.
	 */
	private @Nullable Duration propagationDelay;

	/**
	 * How long traffic must be quiet, no application request and no new connection, for
	 * the propagation phase to end before the propagation delay, which becomes its
	 * maximum. The phase also waits until every kept-alive connection has been told to
	 * close. Unset, the propagation phase always lasts the whole propagation delay.
	 */
	private @Nullable Duration quietPeriod;

	/**
	 * Shortest propagation phase when a quiet period is set, so that a pod with little
	 * traffic does not stop accepting before load balancers have stopped routing to it.
	 * Should cover the propagation lag of the fastest path to the pod. Defaults to 2s, or
	 * to the propagation delay if that is shorter.
	 */
	private @Nullable Duration minimumPropagationDelay;

	/**
	 * Maximum time in-flight requests get to complete once the server stops accepting
	 * connections. Requests still running then are aborted, counted and logged. Defaults
	 * to spring.lifecycle.timeout-per-shutdown-phase when that is set, and to 30s
	 * otherwise.
	 */
	private @Nullable Duration drainTimeout;

	/**
	 * Grace period of the pod, its terminationGracePeriodSeconds, when known (the Helm chart
	 * sets it). When set, startup fails unless the propagation delay, the drain timeout,
	 * the timeouts of drain participants that count (configured ones) and a 2s safety
	 * margin fit in it; at shutdown, the delay, the drain and each participant are cut to
	 * what is left of it.
	 */
	private @Nullable Duration terminationGracePeriod;

	/**
	 * File the final report, or the last gasp before SIGKILL, is written to in a short
	 * form of at most 4000 bytes, for Kubernetes to show as the container's termination
	 * message. Only an existing file is written, as Kubernetes makes it; a path that does
	 * not exist or cannot be written is skipped quietly, and an empty value writes nothing.
	 */
	private String terminationMessagePath = "/dev/termination-log";

	private final Participants participants = new Participants();

	private final Prestop prestop = new Prestop();

	private final Metrics metrics = new Metrics();

	private final ExitStatus exitStatus = new ExitStatus();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getPropagationDelay() {
		return this.propagationDelay;
	}

	public void setPropagationDelay(@Nullable Duration propagationDelay) {
		this.propagationDelay = requireNonNegative("propagation-delay", propagationDelay);
	}

	public @Nullable Duration getQuietPeriod() {
		return this.quietPeriod;
	}

	public void setQuietPeriod(@Nullable Duration quietPeriod) {
		this.quietPeriod = requireNonNegative("quiet-period", quietPeriod);
	}

	public @Nullable Duration getMinimumPropagationDelay() {
		return this.minimumPropagationDelay;
	}

	public void setMinimumPropagationDelay(@Nullable Duration minimumPropagationDelay) {
		this.minimumPropagationDelay = requireNonNegative("minimum-propagation-delay", minimumPropagationDelay);
	}

	public @Nullable Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(@Nullable Duration drainTimeout) {
		this.drainTimeout = requireNonNegative("drain-timeout", drainTimeout);
	}

	public @Nullable Duration getTerminationGracePeriod() {
		return this.terminationGracePeriod;
	}

	public void setTerminationGracePeriod(@Nullable Duration terminationGracePeriod) {
		this.terminationGracePeriod = requireNonNegative("termination-grace-period", terminationGracePeriod);
	}

	public String getTerminationMessagePath() {
		return this.terminationMessagePath;
	}

	public void setTerminationMessagePath(String terminationMessagePath) {
		this.terminationMessagePath = terminationMessagePath;
	}

	public Participants getParticipants() {
		return this.participants;
	}

	public ExitStatus getExitStatus() {
		return this.exitStatus;
	}

	public Prestop getPrestop() {
		return this.prestop;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	private static <T extends @Nullable Duration> T requireNonNegative(String key, T duration) {
		if (duration != null && duration.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "." + key + " must not be negative, but was " + duration);
		}
		return duration;
	}

	/**
	 * Built-in drain participants: Spring's thread pool executors ({@code @Async}) and
	 * schedulers ({@code @Scheduled}), stopped one after the other once the HTTP drain is
	 * over.
	 */
	public static class Participants {

		/**
		 * Timeout of each executor and scheduler when none is configured.
		 */
		public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

		/**
		 * Whether every ThreadPoolTaskExecutor and ThreadPoolTaskScheduler bean finishes
		 * its tasks after the HTTP drain, within its own timeout, executors accepting
		 * tasks until then.
		 */
		private boolean enabled = true;

		/**
		 * Maximum time each executor and scheduler gets to finish its running and queued
		 * tasks once it stops accepting them; tasks still running then are interrupted
		 * and counted as aborted. When set, each executor and scheduler counts towards
		 * the termination grace period. Defaults to 10s taken from what the drain left of
		 * the grace period, and then not counted.
		 */
		private @Nullable Duration timeout;

		/**
		 * Names of executor and scheduler beans to leave to Spring's own shutdown.
		 */
		private List<String> exclude = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = requireNonNegative("participants.timeout", timeout);
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * The preStop endpoint ({@code /actuator/prestop} on the management port).
	 */
	public static class Prestop {

		/**
		 * Name of the request header that carries the token.
		 */
		public static final String TOKEN_HEADER = "X-Graceful-Shutdown-Token";

		/**
		 * Token a preStop call must carry in the X-Graceful-Shutdown-Token header. A call
		 * without it, or with another one, is refused with 403 and changes nothing. It
		 * keeps peers that can reach the management port from taking the pod out of
		 * rotation; it is no secret from anyone who can read the pod spec, where the
		 * kubelet's httpGet header is plain. Unset or blank, any call is accepted.
		 */
		private @Nullable String token;

		public @Nullable String getToken() {
			return this.token;
		}

		public void setToken(@Nullable String token) {
			this.token = token;
		}

	}

	/**
	 * The shutdown's meters, as a Prometheus server scrapes them.
	 */
	public static class Metrics {

		/**
		 * Longest time to hold the exit, once the drain is over and the final figures are
		 * set (phase stopped), until the Prometheus endpoint has been scraped once more, so
		 * that the figures of the shutdown's last moments are stored. Cut to what is left
		 * of the termination grace period, and counted in the startup check against it.
		 * Needs the actuator on a management port of its own (management.server.port),
		 * which keeps answering after the application port has stopped, and the
		 * Prometheus endpoint exposed there; set it a little above the scrape interval.
		 * Unset, the application exits without waiting.
		 */
		private @Nullable Duration awaitFinalScrape;

		public @Nullable Duration getAwaitFinalScrape() {
			return this.awaitFinalScrape;
		}

		public void setAwaitFinalScrape(@Nullable Duration awaitFinalScrape) {
			this.awaitFinalScrape = requireNonNegative("metrics.await-final-scrape", awaitFinalScrape);
		}

	}

	/**
	 * The status the JVM exits with after SIGTERM or SIGINT.
	 */
	public static class ExitStatus {

		/**
		 * Status after a shutdown that aborted something or overran its budget, when
		 * none is configured.
		 */
		public static final int DEFAULT_UNCLEAN = 3;

		/**
		 * Whether SIGTERM and SIGINT close the application and exit with 0 after a clean
		 * shutdown and with the unclean status otherwise. Disabled, the JVM handles the
		 * signals itself and exits with 143 (SIGTERM) or 130 (SIGINT), which Kubernetes
		 * reports as an error.
		 */
		private boolean enabled = true;

		/**
		 * Exit status after a shutdown that aborted requests or tasks, or overran the
		 * termination grace period (the propagation delay had to be cut by more than
		 * 250ms to fit, or the shutdown took more than 250ms longer than the grace period
		 * minus the 2s safety margin). From 1 to 255, other than 137 and 143, the
		 * statuses of SIGKILL and SIGTERM.
		 */
		private int unclean = DEFAULT_UNCLEAN;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getUnclean() {
			return this.unclean;
		}

		public void setUnclean(int unclean) {
			if (unclean < 1 || unclean > 255 || unclean == 137 || unclean == 143) {
				throw new IllegalArgumentException(PREFIX + ".exit-status.unclean must be from 1 to 255, other than "
						+ "137 (SIGKILL) and 143 (SIGTERM), which would hide an unclean shutdown, but was " + unclean);
			}
			this.unclean = unclean;
		}

	}

}

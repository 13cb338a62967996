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
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * Settings of Spring Boot itself that would silently defeat the shutdown sequence,
 * checked once the starter's own budget is known.
 *
 * @author Graceful Shutdown contributors
 */
final class ConflictingSettings {

	private static final Log logger = LogFactory.getLog(ConflictingSettings.class);

	static final String SERVER_SHUTDOWN = "server.shutdown";

	static final String TIMEOUT_PER_SHUTDOWN_PHASE = "spring.lifecycle.timeout-per-shutdown-phase";

	static final String GRPC_GRACE_PERIOD = "spring.grpc.server.shutdown.grace-period";

	private static final String PREFIX = GracefulShutdownProperties.PREFIX + ".";

	/**
	 * Shortest propagation phase with a quiet period when none is configured: the lag
	 * after which kube-proxy has usually stopped routing new connections to the pod.
	 */
	static final Duration DEFAULT_MINIMUM_PROPAGATION_DELAY = Duration.ofSeconds(2);

	private static final String QUIET_PERIOD = PREFIX + "quiet-period";

	private static final String MINIMUM_PROPAGATION_DELAY = PREFIX + "minimum-propagation-delay";

	private ConflictingSettings() {
	}

	/**
	 * Check the settings of the adaptive propagation phase.
	 * @param properties the starter's properties
	 * @param budget the resolved budget, whose propagation delay is the maximum
	 * @throws ConflictingSettingException if a setting cannot work or has no effect
	 */
	static void checkAdaptivePropagation(GracefulShutdownProperties properties, ShutdownBudget budget) {
		Duration quietPeriod = properties.getQuietPeriod();
		Duration minimum = properties.getMinimumPropagationDelay();
		Duration maximum = budget.propagationDelay();
		if (quietPeriod == null) {
			if (minimum != null) {
				throw new ConflictingSettingException(MINIMUM_PROPAGATION_DELAY, format(minimum),
						"it only applies when '" + QUIET_PERIOD + "' is set, so it would have no effect",
						"Set '" + QUIET_PERIOD + "' to end the propagation phase once traffic is quiet, or remove '"
								+ MINIMUM_PROPAGATION_DELAY + "'.");
			}
			return;
		}
		if (!maximum.isZero() && quietPeriod.compareTo(maximum) >= 0) {
			throw new ConflictingSettingException(QUIET_PERIOD, format(quietPeriod),
					"it is not shorter than " + PREFIX + "propagation-delay (" + format(maximum)
							+ "), the longest the propagation phase lasts, so it could never end early",
					"Set '" + QUIET_PERIOD + "' well below " + format(maximum) + ", or raise '" + PREFIX
							+ "propagation-delay'.");
		}
		if (minimum != null && minimum.compareTo(maximum) > 0) {
			throw new ConflictingSettingException(MINIMUM_PROPAGATION_DELAY, format(minimum),
					"it is longer than " + PREFIX + "propagation-delay (" + format(maximum)
							+ "), the longest the propagation phase lasts",
					"Set '" + MINIMUM_PROPAGATION_DELAY + "' to at most " + format(maximum) + ", or raise '" + PREFIX
							+ "propagation-delay'.");
		}
	}

	/**
	 * Return the shortest propagation phase with a quiet period.
	 * @param properties the starter's properties
	 * @param budget the resolved budget
	 * @return the configured minimum, or the default capped at the propagation delay
	 */
	static Duration minimumPropagationDelay(GracefulShutdownProperties properties, ShutdownBudget budget) {
		Duration minimum = properties.getMinimumPropagationDelay();
		if (minimum != null) {
			return minimum;
		}
		Duration maximum = budget.propagationDelay();
		return (DEFAULT_MINIMUM_PROPAGATION_DELAY.compareTo(maximum) < 0) ? DEFAULT_MINIMUM_PROPAGATION_DELAY
				: maximum;
	}

	/**
	 * Check the settings of Spring Boot that would defeat the sequence.
	 * @param environment the environment holding the settings
	 * @throws ConflictingSettingException if a setting defeats the sequence
	 */
	static void check(Environment environment) {
		String shutdown = Binder.get(environment).bind(SERVER_SHUTDOWN, String.class).orElse(null);
		if (shutdown != null && shutdown.trim().toLowerCase(Locale.ROOT).equals("immediate")) {
			throw new ConflictingSettingException(SERVER_SHUTDOWN, shutdown,
					"the web server would stop at once, aborting every in-flight request, so there would be no "
							+ "drain phase",
					"Remove '" + SERVER_SHUTDOWN + "' or set it to graceful, the default; to turn the whole "
							+ "sequence off, set '" + PREFIX + "enabled' to false.");
		}
	}

	/**
	 * Check Spring gRPC's grace period against the drain: a gRPC server drains with the
	 * web server, in the same drain timeout, so a grace period set longer, or unbounded
	 * (negative), could never be given and would not fit the pod's grace period. Left
	 * unset, Spring Boot's 30s default is simply cut to the drain timeout.
	 * @param environment the environment holding the setting
	 * @param budget the resolved budget
	 * @throws ConflictingSettingException if the grace period cannot fit in the drain
	 */
	static void checkGrpcGracePeriod(Environment environment, ShutdownBudget budget) {
		String value = Binder.get(environment).bind(GRPC_GRACE_PERIOD, String.class).orElse(null);
		if (value == null) {
			return;
		}
		Duration gracePeriod = Binder.get(environment).bind(GRPC_GRACE_PERIOD, Duration.class).get();
		Duration drainTimeout = budget.drainTimeout();
		if (gracePeriod.isNegative() || gracePeriod.compareTo(drainTimeout) > 0) {
			throw new ConflictingSettingException(GRPC_GRACE_PERIOD, value,
					"the gRPC server drains with the web server, within " + PREFIX + "drain-timeout ("
							+ format(drainTimeout) + "), so it could never wait "
							+ (gracePeriod.isNegative() ? "without limit" : "that long"),
					"Set '" + GRPC_GRACE_PERIOD + "' to at most " + format(drainTimeout) + ", or remove it, or raise '"
							+ PREFIX + "drain-timeout' (and the pod's grace period with it).");
		}
	}

	/**
	 * Return the drain timeout the user asked for. Spring Boot's documentation has users
	 * bound the drain with {@code spring.lifecycle.timeout-per-shutdown-phase}: set alone,
	 * it is the drain timeout (logged once); set with a different
	 * {@code graceful-shutdown.drain-timeout}, only the user can say which is right.
	 * @param properties the starter's properties
	 * @param lifecycle Spring Boot's lifecycle properties
	 * @param environment the environment, to tell whether the timeout per phase is set
	 * @return the drain timeout, or {@code null} if neither is set
	 * @throws ConflictingSettingException if both are set and disagree
	 */
	static @Nullable Duration drainTimeout(GracefulShutdownProperties properties, LifecycleProperties lifecycle,
			Environment environment) {
		Duration drainTimeout = properties.getDrainTimeout();
		if (!Binder.get(environment).bind(TIMEOUT_PER_SHUTDOWN_PHASE, String.class).isBound()) {
			return drainTimeout;
		}
		Duration perPhase = lifecycle.getTimeoutPerShutdownPhase();
		if (drainTimeout == null) {
			logger.info("Using " + TIMEOUT_PER_SHUTDOWN_PHASE + " (" + format(perPhase) + ") as the drain timeout");
			return perPhase;
		}
		if (!drainTimeout.equals(perPhase)) {
			throw new ConflictingSettingException(TIMEOUT_PER_SHUTDOWN_PHASE, format(perPhase),
					"it disagrees with " + PREFIX + "drain-timeout (" + format(drainTimeout)
							+ "): both bound the web server's drain",
					"Remove one of '" + TIMEOUT_PER_SHUTDOWN_PHASE + "' and '" + PREFIX
							+ "drain-timeout', or set both to the same value.");
		}
		return drainTimeout;
	}

}

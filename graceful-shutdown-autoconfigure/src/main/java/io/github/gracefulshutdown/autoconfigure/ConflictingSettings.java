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
import java.util.Locale;

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

	static final String SERVER_SHUTDOWN = "server.shutdown";

	static final String TIMEOUT_PER_SHUTDOWN_PHASE = "spring.lifecycle.timeout-per-shutdown-phase";

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
	 * Check the settings that the budget depends on.
	 * @param budget the resolved budget
	 * @param environment the environment holding the settings
	 * @throws ConflictingSettingException if a setting defeats the sequence
	 */
	static void check(ShutdownBudget budget, Environment environment) {
		checkServerShutdown(environment);
		checkTimeoutPerShutdownPhase(budget, environment);
	}

	private static void checkServerShutdown(Environment environment) {
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
	 * Spring gives every shutdown phase the same timeout. The starter gives its own phases
	 * the time they need, which would silently override a shorter timeout the user chose:
	 * the two settings contradict each other, and only the user can say which is right.
	 */
	private static void checkTimeoutPerShutdownPhase(ShutdownBudget budget, Environment environment) {
		Binder binder = Binder.get(environment);
		Duration timeout = binder.bind(TIMEOUT_PER_SHUTDOWN_PHASE, Duration.class).orElse(null);
		if (timeout == null) {
			return;
		}
		boolean drainLonger = budget.drainTimeout().compareTo(budget.propagationDelay()) >= 0;
		String phase = drainLonger ? "drain" : "propagation";
		String key = PREFIX + (drainLonger ? "drain-timeout" : "propagation-delay");
		Duration needed = drainLonger ? budget.drainTimeout() : budget.propagationDelay();
		if (timeout.compareTo(needed) < 0) {
			throw new ConflictingSettingException(TIMEOUT_PER_SHUTDOWN_PHASE,
					binder.bind(TIMEOUT_PER_SHUTDOWN_PHASE, String.class).orElse(format(timeout)),
					"it is shorter than %s (%s), so Spring would cut the %s phase short".formatted(key,
							format(needed), phase),
					"Set '%s' to at least %s, or remove it since the starter times its own phases; or lower '%s' "
						.formatted(TIMEOUT_PER_SHUTDOWN_PHASE, format(needed), key)
							+ "to at most " + format(timeout) + ".");
		}
	}

}

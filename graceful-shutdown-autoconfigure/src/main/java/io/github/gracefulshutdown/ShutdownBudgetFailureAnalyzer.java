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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * Explains a {@link ShutdownBudgetExceededException} with the numbers that do not add up
 * and the keys to change.
 *
 * @author Graceful Shutdown contributors
 */
class ShutdownBudgetFailureAnalyzer extends AbstractFailureAnalyzer<ShutdownBudgetExceededException> {

	private static final String PREFIX = GracefulShutdownProperties.PREFIX + ".";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShutdownBudgetExceededException cause) {
		ShutdownBudget budget = cause.getBudget();
		Duration grace = budget.terminationGracePeriod();
		Duration required = budget.required();
		Duration participants = budget.participantsTimeout();
		Duration maxDrain = (grace != null) ? grace.minus(budget.propagationDelay())
			.minus(participants)
			.minus(budget.finalScrapeWait())
			.minus(ShutdownBudget.SAFETY_MARGIN) : Duration.ZERO;
		String participantsTerm = participants.isZero() ? ""
				: String.format(" + drain participants, one after the other (%s: DrainParticipant beans, and "
						+ "%sparticipants.timeout for each executor and scheduler when set)", format(participants),
						PREFIX);
		String finalScrapeTerm = budget.finalScrapeWait().isZero() ? ""
				: String.format(" + %smetrics.await-final-scrape (%s)", PREFIX, format(budget.finalScrapeWait()));
		String description = String.format(
				"The graceful shutdown does not fit in the pod's termination grace period:%n"
						+ "    %spropagation-delay (%s) + %sdrain-timeout (%s)%s%s + safety margin (%s) = %s,%n"
						+ "    but %stermination-grace-period is %s.%n"
						+ "Kubernetes would kill the pod before requests finish draining.",
				PREFIX, format(budget.propagationDelay()), PREFIX, format(budget.drainTimeout()), participantsTerm,
				finalScrapeTerm,
				format(ShutdownBudget.SAFETY_MARGIN), format(required), PREFIX, format(grace));
		String action = String.format("Raise the pod's terminationGracePeriodSeconds and %stermination-grace-period "
				+ "to at least %s, or lower %sdrain-timeout%s%s%s.", PREFIX, format(required), PREFIX,
				(maxDrain.isNegative() || maxDrain.isZero()) ? " and " + PREFIX + "propagation-delay"
						: " to at most " + format(maxDrain),
				participants.isZero() ? ""
						: ", or lower " + PREFIX + "participants.timeout or exclude executors and schedulers with "
								+ PREFIX + "participants.exclude",
				budget.finalScrapeWait().isZero() ? "" : ", or lower " + PREFIX + "metrics.await-final-scrape");
		return new FailureAnalysis(description, action, cause);
	}

}

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

/**
 * Thrown at startup when the shutdown sequence cannot fit in the pod's termination grace
 * period, so Kubernetes would kill the pod in the middle of its drain.
 *
 * @author Graceful Shutdown contributors
 */
final class ShutdownBudgetExceededException extends IllegalStateException {

	private final ShutdownBudget budget;

	ShutdownBudgetExceededException(ShutdownBudget budget) {
		super("Shutdown needs " + budget.required() + " but the termination grace period is "
				+ budget.terminationGracePeriod());
		this.budget = budget;
	}

	/**
	 * Return the budget that does not fit.
	 * @return the budget
	 */
	public ShutdownBudget getBudget() {
		return this.budget;
	}

}

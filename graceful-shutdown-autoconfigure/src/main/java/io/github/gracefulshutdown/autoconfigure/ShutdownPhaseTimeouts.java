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

import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Gives the shutdown phases the starter owns a timeout that matches its budget.
 * {@code spring.lifecycle.timeout-per-shutdown-phase} applies to every phase alike, so
 * left alone it would either cut the propagation delay or the drain short, or stretch the
 * drain past {@code graceful-shutdown.drain-timeout}.
 *
 * @author Graceful Shutdown contributors
 */
final class ShutdownPhaseTimeouts implements BeanPostProcessor {

	private final ObjectProvider<ShutdownBudget> budget;

	private volatile @Nullable DefaultLifecycleProcessor lifecycleProcessor;

	ShutdownPhaseTimeouts(ObjectProvider<ShutdownBudget> budget) {
		this.budget = budget;
	}

	/**
	 * Give the drain less time than the budget planned, when less of the grace period is
	 * left. Spring reads a phase's timeout as the phase starts, so this applies to a
	 * drain that has not started yet.
	 * @param drainTimeout the shorter drain timeout
	 */
	void cutDrainTimeout(Duration drainTimeout) {
		DefaultLifecycleProcessor lifecycleProcessor = this.lifecycleProcessor;
		if (lifecycleProcessor != null) {
			lifecycleProcessor.setTimeoutForShutdownPhase(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE,
					drainTimeout.toMillis());
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultLifecycleProcessor lifecycleProcessor) {
			this.lifecycleProcessor = lifecycleProcessor;
			ShutdownBudget budget = this.budget.getObject();
			// The propagation phase may also wait, within the drain timeout, for queued
			// requests to start (then the drain phase gets what is left).
			lifecycleProcessor.setTimeoutForShutdownPhase(GracefulShutdownLifecycle.PHASE,
					budget.required().toMillis());
			lifecycleProcessor.setTimeoutForShutdownPhase(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE,
					budget.drainTimeout().toMillis());
		}
		return bean;
	}

}

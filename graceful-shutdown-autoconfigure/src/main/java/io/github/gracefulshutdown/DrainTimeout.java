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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * The drain timeout, owned here and nowhere else: Spring Boot's graceful shutdown runs in
 * the lifecycle phase {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}, and
 * Spring gives a phase as long as its lifecycle processor's timeout for it. So this
 * post-processor gives that phase the configured drain timeout when the processor is
 * created and, as the drain starts, what is left of it.
 * <p>
 * {@code spring.lifecycle.timeout-per-shutdown-phase} applies to every phase alike; left
 * alone it would cut the drain short or stretch it past the drain timeout.
 *
 * @author Graceful Shutdown contributors
 */
final class DrainTimeout implements BeanPostProcessor {

	private final ObjectProvider<ShutdownBudget> budget;

	private volatile @Nullable DefaultLifecycleProcessor lifecycleProcessor;

	DrainTimeout(ObjectProvider<ShutdownBudget> budget) {
		this.budget = budget;
	}

	/**
	 * Return the configured drain timeout.
	 * @return the drain timeout
	 */
	Duration configured() {
		return this.budget.getObject().drainTimeout();
	}

	/**
	 * Give Spring Boot's graceful shutdown the given time. Spring reads a phase's timeout
	 * as the phase starts, so this applies to a drain that has not started yet.
	 * @param timeout what is left of the drain timeout, never less than zero
	 */
	void apply(Duration timeout) {
		DefaultLifecycleProcessor lifecycleProcessor = this.lifecycleProcessor;
		if (lifecycleProcessor != null) {
			lifecycleProcessor.setTimeoutForShutdownPhase(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE,
					Math.max(0, timeout.toMillis()));
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultLifecycleProcessor lifecycleProcessor) {
			this.lifecycleProcessor = lifecycleProcessor;
			apply(configured());
		}
		return bean;
	}

}

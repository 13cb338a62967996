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

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Gives tests outside this package a preStop bound short enough to wait out: the bound
 * is package-private, a seam for this project's own tests, not API.
 */
public final class PreStopBounds {

	private PreStopBounds() {
	}

	/**
	 * Return an initializer that registers the given bound, for a
	 * {@code SpringApplicationBuilder}.
	 * @param bound how long after a preStop call's answer its shutdown is abandoned
	 * @return the initializer
	 */
	public static ApplicationContextInitializer<GenericApplicationContext> of(Duration bound) {
		return (context) -> context.registerBean(PreStopBound.class, () -> new PreStopBound(bound));
	}

}

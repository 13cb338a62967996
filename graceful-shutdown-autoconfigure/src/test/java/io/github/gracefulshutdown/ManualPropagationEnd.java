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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PropagationEnd} a test ends when it chooses, or at the end of the propagation
 * delay: registered as a bean, the auto-configuration uses it instead of the fixed delay
 * or the quiet period, so a test with a long delay need not wait it out.
 */
public final class ManualPropagationEnd implements PropagationEnd {

	private final CountDownLatch ended = new CountDownLatch(1);

	/**
	 * End the propagation phase now, or as soon as it begins.
	 */
	public void end() {
		this.ended.countDown();
	}

	@Override
	public void await(long endsByNanos) throws InterruptedException {
		this.ended.await(Math.max(0, endsByNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	@Override
	public String describe(Duration delay) {
		return "at most " + DurationFormat.format(delay);
	}

}

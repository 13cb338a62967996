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

import org.springframework.context.SmartLifecycle;

/**
 * A {@link SmartLifecycle} that runs one step of the {@link ShutdownSequence} when it
 * stops, in its own lifecycle phase. A stop that is not a shutdown (a stop for a restart,
 * such as a CRaC checkpoint) runs nothing, and none of these lifecycles is pauseable, so
 * {@code context.pause()} (the test context cache does it) leaves them alone.
 *
 * @author Graceful Shutdown contributors
 */
abstract class ShutdownStepLifecycle implements SmartLifecycle {

	private final int phase;

	private final ShutdownSequence sequence;

	private volatile boolean running;

	ShutdownStepLifecycle(int phase, ShutdownSequence sequence) {
		this.phase = phase;
		this.sequence = sequence;
	}

	/**
	 * Run this lifecycle's step.
	 * @param sequence the sequence the step belongs to
	 */
	abstract void runStep(ShutdownSequence sequence);

	final ShutdownSequence sequence() {
		return this.sequence;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.sequence.isShuttingDown()) {
			runStep(this.sequence);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}

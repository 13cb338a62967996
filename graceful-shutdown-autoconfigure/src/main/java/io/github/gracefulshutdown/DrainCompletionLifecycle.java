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
 * Closes the sequence at {@link GracefulShutdownLifecycle#REPORT_PHASE}, after the drain
 * and its participants and before the web server stops, so whatever is still in flight
 * is about to be aborted: it counts those requests and logs the final report.
 *
 * @author Graceful Shutdown contributors
 */
final class DrainCompletionLifecycle extends ShutdownStepLifecycle {

	DrainCompletionLifecycle(ShutdownSequence sequence) {
		super(GracefulShutdownLifecycle.REPORT_PHASE, sequence);
	}

	@Override
	void runStep(ShutdownSequence sequence) {
		sequence.finish();
	}

}

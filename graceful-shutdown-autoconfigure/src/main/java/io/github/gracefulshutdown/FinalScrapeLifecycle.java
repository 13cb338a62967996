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
 * Holds the exit at {@link GracefulShutdownLifecycle#FINAL_SCRAPE_PHASE}, after the
 * final report and before Spring Boot closes the management server's context, until the
 * {@link FinalScrape} has happened or its wait is over.
 *
 * @author Graceful Shutdown contributors
 */
final class FinalScrapeLifecycle extends ShutdownStepLifecycle {

	private final FinalScrape finalScrape;

	FinalScrapeLifecycle(ShutdownSequence sequence, FinalScrape finalScrape) {
		super(GracefulShutdownLifecycle.FINAL_SCRAPE_PHASE, sequence);
		this.finalScrape = finalScrape;
	}

	@Override
	void runStep(ShutdownSequence sequence) {
		sequence.awaitFinalScrape(this.finalScrape);
	}

}

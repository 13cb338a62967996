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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DrainOutcome} and {@link InFlightRequests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DrainOutcomeTests {

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final InFlightRequests inFlightRequests = new InFlightRequests();

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	private final DrainOutcome outcome = new DrainOutcome(this.timeline, this.inFlightRequests, this.statistics);

	@Test
	void requestsStillInFlightAtTheEndOfTheDrainAreCountedAndNamed(CapturedOutput output) {
		this.inFlightRequests.begin("GET", "/slow");
		InFlightRequests.Request finished = this.inFlightRequests.begin("GET", "/fast");
		this.inFlightRequests.begin("POST", "/slow");
		this.inFlightRequests.end(finished);
		this.outcome.countAborted(Duration.ofSeconds(30));
		assertThat(this.statistics.abortedRequests()).isEqualTo(2);
		assertThat(output).contains("Drain timed out after 30s with 2 request(s) still in flight, now aborted: "
				+ "GET /slow (running for")
			.contains("POST /slow (running for")
			.doesNotContain("/fast");
		assertThat(this.outcome.report().toLogLine()).contains("aborted_requests=2");
	}

	@Test
	void aRequestCompletingAsTheServerReportsTheDrainOverIsNotCountedAsAborted() throws Exception {
		InFlightRequests.Request completing = this.inFlightRequests.begin("GET", "/events");
		CountDownLatch countedOnce = new CountDownLatch(1);
		InFlightRequests observed = this.inFlightRequests;
		// The server's thread runs the response's completion callback just after it
		// reported the drain over, while the outcome is waiting for what is left.
		Thread serverThread = new Thread(() -> {
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(observed::hasWaiters);
			countedOnce.countDown();
			observed.end(completing);
		});
		serverThread.start();
		// A settle time no scheduling delay reaches: the count returns as soon as the
		// request has ended, so the test still takes milliseconds.
		new DrainOutcome(this.timeline, observed, this.statistics, Duration.ofSeconds(30)).countAborted(Duration.ZERO);
		serverThread.join(10_000);
		assertThat(countedOnce.getCount()).isZero();
		assertThat(this.statistics.abortedRequests()).isZero();
	}

	@Test
	void aCleanDrainAbortsNothing(CapturedOutput output) {
		InFlightRequests.Request request = this.inFlightRequests.begin("GET", "/");
		this.inFlightRequests.end(request);
		this.outcome.countAborted(Duration.ZERO);
		assertThat(this.statistics.abortedRequests()).isZero();
		assertThat(this.inFlightRequests.count()).isZero();
		assertThat(output).doesNotContain("still in flight");
		assertThat(this.outcome.report().toLogLine()).contains("aborted_requests=0");
	}

	@Test
	void identicalRequestsAreTrackedSeparately() {
		InFlightRequests.Request first = this.inFlightRequests.begin("GET", "/same");
		this.inFlightRequests.begin("GET", "/same");
		this.inFlightRequests.end(first);
		assertThat(this.inFlightRequests.count()).isOne();
		assertThat(this.inFlightRequests.snapshot()).extracting(InFlightRequests.Request::toString)
			.containsExactly("GET /same");
	}

}

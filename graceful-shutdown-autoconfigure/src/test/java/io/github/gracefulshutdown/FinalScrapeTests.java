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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FinalScrape}: only a scrape that begins once the phase is stopped ends
 * the wait, which never outlasts what is left of the grace period.
 */
@ExtendWith(OutputCaptureExtension.class)
class FinalScrapeTests {

	private static final Duration MARGIN = Duration.ofSeconds(2);

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final GracePeriodDeadline noDeadline = new GracePeriodDeadline(null, MARGIN);

	@Test
	void aScrapeCountsOnlyOnceThePhaseIsStopped() {
		FinalScrape finalScrape = new FinalScrape(this.timeline, Duration.ofMinutes(1));
		assertThat(finalScrape.isFinal()).isFalse();
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		assertThat(finalScrape.isFinal()).isFalse();
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		assertThat(finalScrape.isFinal()).isTrue();
	}

	@Test
	void theWaitEndsWhenTheFinalScrapeHasBeenAnswered(CapturedOutput output) throws Exception {
		FinalScrape finalScrape = new FinalScrape(this.timeline, Duration.ofMinutes(1));
		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> finalScrape.await(this.noDeadline));
		finalScrape.scraped();
		waiting.get(30, TimeUnit.SECONDS);
		assertThat(output).contains("Final figures scraped after");
	}

	@Test
	void withoutAWaitConfiguredItReturnsAtOnce(CapturedOutput output) {
		new FinalScrape(this.timeline, Duration.ZERO).await(this.noDeadline);
		assertThat(output).doesNotContain("Final figures scraped").doesNotContain("No scrape");
	}

	@Test
	void theWaitIsCutToWhatIsLeftOfTheGracePeriod(CapturedOutput output) {
		AtomicLong nanos = new AtomicLong();
		GracePeriodDeadline deadline = new GracePeriodDeadline(Duration.ofSeconds(10), MARGIN, nanos::get);
		deadline.start();
		// 7.5 s of the 10 s grace period gone, 2 s kept as margin: 500 ms left.
		nanos.set(Duration.ofMillis(7500).toNanos());
		FinalScrape finalScrape = new FinalScrape(this.timeline, Duration.ofMinutes(1));
		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> finalScrape.await(deadline));
		await().atMost(Duration.ofSeconds(30)).until(waiting::isDone);
		assertThat(output).contains("cutting the wait for the final scrape from 60s to 500ms")
			.contains("No scrape of the Prometheus endpoint within 500ms of the final figures");
	}

}

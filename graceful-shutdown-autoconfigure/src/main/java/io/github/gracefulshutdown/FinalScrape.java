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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * The scrape of the Prometheus endpoint that stores a shutdown's final figures. Those
 * figures (phase {@code stopped}, the aborted requests) are only set once the drain is
 * over, and a Prometheus server scraping every 15 s would otherwise rarely see them
 * before the JVM exits. When {@code graceful-shutdown.metrics.await-final-scrape} is set,
 * the exit {@link #await waits} until a scrape that began after the final figures were
 * set has been answered, at most that long, and never past what is left of the grace
 * period. The management server's filter in front of the Prometheus endpoint reports
 * each scrape here.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class FinalScrape {

	private static final Log logger = LogFactory.getLog(FinalScrape.class);

	private final ShutdownTimeline timeline;

	private final Duration maximumWait;

	private final CountDownLatch scraped = new CountDownLatch(1);

	FinalScrape(ShutdownTimeline timeline, Duration maximumWait) {
		this.timeline = timeline;
		this.maximumWait = maximumWait;
	}

	/**
	 * Return whether a scrape beginning now carries the final figures: the shutdown has
	 * reached {@link ShutdownPhase#STOPPED}. A scrape that began earlier may have read
	 * figures that were not final yet, so it does not count.
	 * @return whether a scrape beginning now is final
	 */
	public boolean isFinal() {
		return this.timeline.getPhase() == ShutdownPhase.STOPPED;
	}

	/**
	 * Record that a scrape for which {@link #isFinal()} held has been answered in full.
	 */
	public void scraped() {
		this.scraped.countDown();
	}

	/**
	 * Wait, on the calling thread, until a final scrape has been answered, at most the
	 * configured wait cut to what is left of the grace period. Returns at once when no
	 * wait is configured.
	 * @param deadline the pod's grace period
	 */
	void await(GracePeriodDeadline deadline) {
		if (this.maximumWait.isZero()) {
			return;
		}
		Duration wait = deadline.cap(this.maximumWait, "wait for the final scrape");
		long start = System.nanoTime();
		try {
			if (this.scraped.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
				logger.info("Final figures scraped after " + format(Duration.ofNanos(System.nanoTime() - start))
						+ ": exiting");
			}
			else {
				logger.warn("No scrape of the Prometheus endpoint within " + format(wait) + " of the final figures: "
						+ "exiting without them being stored. Check that Prometheus scrapes the management port at "
						+ "an interval shorter than graceful-shutdown.metrics.await-final-scrape");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for the final scrape: exiting");
		}
	}

}

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
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * The work of the drain's first moment, before Spring Boot's graceful shutdown stops the
 * server accepting: every {@link DrainStartListener} (closing WebSockets, event streams
 * and idle connections, sending GOAWAY), then a wait for requests the server has
 * accepted but not yet handed to a worker thread ({@link QueuedRequests}), which it would
 * close unanswered once it stops accepting.
 * <p>
 * It runs on the context close's thread, and the time it takes is charged to the drain
 * timeout. A step that fails is logged and the next one runs: the drain starts all the
 * same.
 *
 * @author Graceful Shutdown contributors
 */
final class DrainStart {

	private static final Log logger = LogFactory.getLog(DrainStart.class);

	private static final long QUEUE_POLL_NANOS = Duration.ofMillis(5).toNanos();

	// A request taken off the queue still has to get past the server's own check that it
	// is not paused: the queue must stay empty a little while before the server pauses.
	private static final long QUEUE_SETTLE_NANOS = Duration.ofMillis(50).toNanos();

	private final List<DrainStartListener> listeners;

	private final List<QueuedRequests> queues;

	DrainStart(List<DrainStartListener> listeners, List<QueuedRequests> queues) {
		this.listeners = List.copyOf(listeners);
		this.queues = List.copyOf(queues);
	}

	/**
	 * Run the drain-start steps.
	 * @param drainTimeout the time the whole drain may take
	 * @return how long the steps took
	 */
	Duration run(Duration drainTimeout) {
		long started = System.nanoTime();
		for (DrainStartListener listener : this.listeners) {
			try {
				listener.onDrainStart();
			}
			catch (RuntimeException ex) {
				logger.warn("Drain start listener " + listener + " failed; draining all the same", ex);
			}
		}
		try {
			awaitQueuedRequests(started + drainTimeout.toNanos());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not tell whether requests are queued for a worker thread; draining all the same", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * Wait, until the drain timeout is over, for no request to wait for a worker thread.
	 */
	private void awaitQueuedRequests(long endsByNanos) throws InterruptedException {
		int queued = queued();
		if (queued == 0) {
			return;
		}
		long started = System.nanoTime();
		logger.info(queued + " request(s) queued for a worker thread: waiting for them to start before the server "
				+ "stops accepting");
		long emptySince = -1;
		while (PropagationEnd.park(endsByNanos, QUEUE_POLL_NANOS)) {
			queued = queued();
			if (queued > 0) {
				emptySince = -1;
			}
			else if (emptySince < 0) {
				emptySince = System.nanoTime();
			}
			else if (System.nanoTime() - emptySince >= QUEUE_SETTLE_NANOS) {
				break;
			}
		}
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		if (queued > 0) {
			logger.warn(queued + " request(s) still queued for a worker thread after " + format(waited)
					+ ": the drain timeout is over");
		}
		else {
			logger.info("Queued requests started after " + format(waited));
		}
	}

	private int queued() {
		int queued = 0;
		for (QueuedRequests queue : this.queues) {
			queued += queue.count();
		}
		return queued;
	}

}

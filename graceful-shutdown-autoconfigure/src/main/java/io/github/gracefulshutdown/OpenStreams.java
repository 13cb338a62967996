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

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Responses that stream for as long as their client listens: Server-Sent Events and
 * newline-delimited JSON. Left alone they would hold the drain until its timeout and then
 * be cut, so each is ended as the drain starts, with a proper end of its body: an
 * {@code EventSource} client sees the stream end and reconnects, through the load
 * balancer, to another instance.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class OpenStreams implements DrainStartListener {

	private static final List<String> STREAMING_MEDIA_TYPES = List.of("text/event-stream", "application/x-ndjson",
			"application/stream+json");

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private final ShutdownStatistics statistics;

	private volatile boolean draining;

	/**
	 * Create a registry of open streams.
	 * @param statistics the statistics to count ended streams in
	 */
	public OpenStreams(ShutdownStatistics statistics) {
		this.statistics = statistics;
	}

	/**
	 * Whether a response of the given content type streams until its client goes away.
	 * @param contentType the response's content type, possibly with parameters
	 * @return whether it is a stream to end at drain start
	 */
	public static boolean isStreaming(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int parameters = contentType.indexOf(';');
		String mediaType = ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim()
			.toLowerCase(Locale.ROOT);
		return STREAMING_MEDIA_TYPES.contains(mediaType);
	}

	/**
	 * Register a response that may stream. A response registered once the drain has
	 * started is ended at once.
	 * @param ender ends the response if it is streaming, and says whether it did
	 * @return the stream, to {@link Stream#closed() close} when the response completes
	 */
	public Stream open(BooleanSupplier ender) {
		Stream stream = new Stream(ender);
		this.streams.add(stream);
		if (this.draining) {
			stream.end();
		}
		return stream;
	}

	/**
	 * Return how many responses are registered and not completed yet.
	 * @return the number of open responses
	 */
	public int count() {
		return this.streams.size();
	}

	@Override
	public void onDrainStart() {
		this.draining = true;
		for (Stream stream : this.streams) {
			stream.end();
		}
	}

	/**
	 * A registered response.
	 */
	public final class Stream {

		private final BooleanSupplier ender;

		private final AtomicBoolean done = new AtomicBoolean();

		private Stream(BooleanSupplier ender) {
			this.ender = ender;
		}

		/**
		 * Record that the response completed, whoever ended it.
		 */
		public void closed() {
			this.done.set(true);
			OpenStreams.this.streams.remove(this);
		}

		private void end() {
			if (this.done.compareAndSet(false, true)) {
				OpenStreams.this.streams.remove(this);
				if (this.ender.getAsBoolean()) {
					OpenStreams.this.statistics.streamEnded();
				}
			}
		}

	}

}

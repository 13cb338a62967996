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

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenStreams}.
 */
class OpenStreamsTests {

	private final ShutdownStatistics statistics = new ShutdownStatistics(new ShutdownTimeline());

	private final OpenStreams openStreams = new OpenStreams(this.statistics);

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			text/event-stream                       | true
			text/event-stream;charset=UTF-8         | true
			TEXT/Event-Stream ; charset=UTF-8       | true
			application/x-ndjson                    | true
			application/stream+json                 | true
			text/plain                              | false
			application/json                        | false
			text/event-streaming                    | false
			null                                    | false
			""")
	void streamingIsDecidedByTheMediaTypeAlone(String contentType, boolean streaming) {
		assertThat(OpenStreams.isStreaming(contentType)).isEqualTo(streaming);
	}

	@Test
	void drainStartEndsEveryOpenStreamOnceAndCountsThoseThatStreamed() {
		AtomicInteger ended = new AtomicInteger();
		this.openStreams.open(() -> ended.incrementAndGet() > 0);
		this.openStreams.open(() -> ended.incrementAndGet() > 0);
		this.openStreams.open(() -> false);
		assertThat(this.openStreams.count()).isEqualTo(3);
		this.openStreams.onDrainStart();
		this.openStreams.onDrainStart();
		assertThat(ended).hasValue(2);
		assertThat(this.statistics.streamsEnded()).isEqualTo(2);
		assertThat(this.openStreams.count()).isZero();
	}

	@Test
	void aStreamThatCompletedIsNotEndedAgain() {
		AtomicInteger ended = new AtomicInteger();
		OpenStreams.Stream stream = this.openStreams.open(() -> ended.incrementAndGet() > 0);
		stream.closed();
		assertThat(this.openStreams.count()).isZero();
		this.openStreams.onDrainStart();
		assertThat(ended).hasValue(0);
		assertThat(this.statistics.streamsEnded()).isZero();
	}

	@Test
	void aStreamOpenedOnceTheDrainStartedIsEndedAtOnce() {
		this.openStreams.onDrainStart();
		AtomicInteger ended = new AtomicInteger();
		this.openStreams.open(() -> ended.incrementAndGet() > 0);
		assertThat(ended).hasValue(1);
		assertThat(this.statistics.streamsEnded()).isEqualTo(1);
		assertThat(this.openStreams.count()).isZero();
	}

}

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

package io.github.gracefulshutdown.sample;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A Server-Sent Events stream that ticks once a second, to watch a long-lived response
 * cross a shutdown.
 */
@RestController
class EventsController implements DisposableBean {

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "sse-ticker");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Stream one event a second.
	 * @param count how many events to send before completing the stream
	 * @return the stream
	 */
	@GetMapping("/events")
	SseEmitter events(@RequestParam(defaultValue = "60") int count) {
		SseEmitter emitter = new SseEmitter(Duration.ofMinutes(10).toMillis());
		int[] sent = { 0 };
		ScheduledFuture<?> ticks = this.ticker.scheduleAtFixedRate(() -> {
			try {
				emitter.send(SseEmitter.event().name("tick").data(Instant.now().toString()));
				if (++sent[0] >= count) {
					emitter.complete();
				}
			}
			catch (IOException | IllegalStateException ex) {
				emitter.completeWithError(ex);
			}
		}, 0, 1, TimeUnit.SECONDS);
		emitter.onCompletion(() -> ticks.cancel(false));
		emitter.onError((ex) -> ticks.cancel(false));
		emitter.onTimeout(() -> ticks.cancel(false));
		return emitter;
	}

	@Override
	public void destroy() {
		this.ticker.shutdownNow();
	}

}

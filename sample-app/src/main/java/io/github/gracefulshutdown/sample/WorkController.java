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

import java.time.Duration;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints whose latency and bodies are chosen by the caller, to see what happens to
 * requests that are in flight when the shutdown begins.
 */
@RestController
class WorkController {

	private static final Duration MAX_LATENCY = Duration.ofMinutes(5);

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	/**
	 * Answer after the given latency.
	 * @param ms how long the request takes, in milliseconds
	 * @return a confirmation
	 * @throws InterruptedException if the server aborts the request
	 */
	@GetMapping("/slow")
	String slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		long bounded = Math.min(Math.max(ms, 0), MAX_LATENCY.toMillis());
		// Simulated work.
		Thread.sleep(bounded);
		return "done after " + bounded + "ms";
	}

	@PostMapping("/echo")
	String echo(@RequestBody(required = false) String body) {
		return (body != null) ? body : "";
	}

}

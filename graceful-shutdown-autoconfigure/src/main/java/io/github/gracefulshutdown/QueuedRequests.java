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
 * Requests a web server has accepted but not yet handed to a worker thread. A server
 * that stops serving new requests when it stops accepting, as Tomcat does once Spring
 * Boot pauses its connector, would close those unanswered, so the drain waits for them
 * to reach a worker before the server stops accepting.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface QueuedRequests {

	/**
	 * Return how many requests are waiting for a worker thread right now.
	 * @return the number of queued requests
	 */
	int count();

}

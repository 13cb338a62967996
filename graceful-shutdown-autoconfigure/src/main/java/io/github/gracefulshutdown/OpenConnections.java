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

/**
 * The client connections a web server holds open right now. During the propagation phase
 * every response asks its client to close the connection and the server closes it after
 * the response, so a count that rises means a new connection arrived, and an open
 * connection without a request in flight is a kept-alive connection that has not been
 * told to close yet.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface OpenConnections {

	/**
	 * Return how many client connections are open right now.
	 * @return the number of open connections
	 */
	int count();

	/**
	 * Return how many client connections the given web servers hold open.
	 * @param connections the open connections of each web server
	 * @return the sum of their counts
	 */
	static int sum(List<OpenConnections> connections) {
		int open = 0;
		for (OpenConnections each : connections) {
			open += each.count();
		}
		return open;
	}

}

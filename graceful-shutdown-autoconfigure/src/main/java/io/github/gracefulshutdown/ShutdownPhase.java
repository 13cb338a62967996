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
 * Phases an application goes through between the shutdown signal and the exit of the
 * JVM, in the order it enters them.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public enum ShutdownPhase {

	/**
	 * Serving normally: no shutdown has begun.
	 */
	RUNNING,

	/**
	 * Readiness is down while the server still accepts connections and serves requests,
	 * so that load balancers can stop routing to this instance. Every HTTP/1.1 response
	 * asks its client to close the connection.
	 */
	PROPAGATING,

	/**
	 * The server accepts no new connections and in-flight requests finish, up to the
	 * drain timeout.
	 */
	DRAINING,

	/**
	 * The drain is over: requests still running have been aborted and the web server is
	 * stopping.
	 */
	STOPPED

}

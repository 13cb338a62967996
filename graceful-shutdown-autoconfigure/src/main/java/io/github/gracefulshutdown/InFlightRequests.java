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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP requests the application is serving right now, so that those still running
 * when the drain times out can be counted and named.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class InFlightRequests {

	/**
	 * The {@link Request#method() method} of a gRPC call, whose path is its full method
	 * name.
	 */
	public static final String GRPC = "gRPC";

	private final Set<Request> requests = ConcurrentHashMap.newKeySet();

	private final Object emptied = new Object();

	private volatile int waiters;

	/**
	 * Record that a request has started.
	 * @param method the HTTP method
	 * @param path the request path, without the query string
	 * @return the request, to pass to {@link #end(Request)} when it completes
	 */
	public Request begin(String method, String path) {
		Request request = new Request(method, path, System.nanoTime());
		this.requests.add(request);
		return request;
	}

	/**
	 * Record that a request has completed, successfully or not.
	 * @param request the request returned by {@link #begin(String, String)}
	 */
	public void end(Request request) {
		this.requests.remove(request);
		if (this.waiters > 0 && this.requests.isEmpty()) {
			synchronized (this.emptied) {
				this.emptied.notifyAll();
			}
		}
	}

	/**
	 * Whether a thread is {@link #awaitNone(Duration) waiting} for no request to be in
	 * flight; for tests that race a request's end against that wait.
	 * @return whether a thread waits
	 */
	boolean hasWaiters() {
		return this.waiters > 0;
	}

	/**
	 * Wait until no request is in flight, at most for the given time.
	 * @param timeout how long to wait at most
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitNone(Duration timeout) throws InterruptedException {
		long endsBy = System.nanoTime() + timeout.toNanos();
		synchronized (this.emptied) {
			this.waiters++;
			try {
				while (!this.requests.isEmpty()) {
					long left = endsBy - System.nanoTime();
					if (left <= 0) {
						return;
					}
					TimeUnit.NANOSECONDS.timedWait(this.emptied, left);
				}
			}
			finally {
				this.waiters--;
			}
		}
	}

	/**
	 * Return how many requests are in flight.
	 * @return the number of requests in flight
	 */
	public int count() {
		return this.requests.size();
	}

	/**
	 * Return how many gRPC calls are in flight, out of {@link #count()}.
	 * @return the number of gRPC calls in flight
	 */
	public int grpcCount() {
		int count = 0;
		for (Request request : this.requests) {
			if (request.isGrpc()) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return the requests in flight, oldest first.
	 * @return the requests in flight
	 */
	public List<Request> snapshot() {
		return this.requests.stream().sorted(Comparator.comparingLong(Request::startNanos)).toList();
	}

	/**
	 * A request in flight. Equality is identity: two identical requests are two
	 * requests.
	 */
	public static final class Request {

		private final String method;

		private final String path;

		private final long startNanos;

		Request(String method, String path, long startNanos) {
			this.method = method;
			this.path = path;
			this.startNanos = startNanos;
		}

		/**
		 * Return the HTTP method.
		 * @return the method
		 */
		public String method() {
			return this.method;
		}

		/**
		 * Return the request path.
		 * @return the path
		 */
		public String path() {
			return this.path;
		}

		long startNanos() {
			return this.startNanos;
		}

		/**
		 * Return how long the request has been running.
		 * @return the age of the request
		 */
		public Duration age() {
			return Duration.ofNanos(System.nanoTime() - this.startNanos);
		}

		/**
		 * Return whether this is a gRPC call rather than an HTTP request.
		 * @return whether its method is {@link InFlightRequests#GRPC}
		 */
		public boolean isGrpc() {
			return GRPC.equals(this.method);
		}

		/**
		 * Describe the request with how long it has been running, as the logs name the
		 * requests a drain aborted or a last gasp found in flight.
		 * @return such as {@code GET /work (running for 3.146s)}
		 */
		String describeWithAge() {
			return this + " (running for " + DurationFormat.format(age()) + ")";
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}

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

package io.github.gracefulshutdown.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;

/**
 * A load client that never retries: each connection sends paced requests, reuses its
 * connection until the server asks to close it, and counts every request that does not
 * end in a 2xx as failed, by cause.
 */
final class LoadGenerator implements AutoCloseable {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final List<Request> requests;

	private final Duration interval;

	private final List<Thread> workers = new ArrayList<>();

	private final LongAdder succeeded = new LongAdder();

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final AtomicLong longestNanos = new AtomicLong();

	private volatile boolean running = true;

	/**
	 * Create a load generator; one connection per request kind given.
	 * @param port the port to send to
	 * @param requests the request each connection sends, one connection per entry
	 * @param interval the time between two requests of one connection
	 */
	LoadGenerator(int port, List<Request> requests, Duration interval) {
		this.port = port;
		this.requests = List.copyOf(requests);
		this.interval = interval;
	}

	LoadGenerator start() {
		for (int i = 0; i < this.requests.size(); i++) {
			Request request = this.requests.get(i);
			Thread worker = new Thread(() -> run(request), "load-" + i);
			worker.setDaemon(true);
			worker.start();
			this.workers.add(worker);
		}
		return this;
	}

	private void run(Request request) {
		RawHttpConnection connection = null;
		long next = System.nanoTime();
		while (this.running) {
			// Pacing, not synchronisation: keeps the rate steady whatever the latency.
			LockSupport.parkNanos(next - System.nanoTime());
			next += this.interval.toNanos();
			long started = System.nanoTime();
			try {
				if (connection == null) {
					connection = RawHttpConnection.open(this.port, READ_TIMEOUT);
				}
				connection.send(request.method(), request.path(), request.close(), request.body());
				Response response = connection.readResponse();
				this.longestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
				if (response.status() / 100 == 2) {
					this.succeeded.increment();
				}
				else {
					fail("status " + response.status());
				}
				if (request.close() || response.closesConnection()) {
					connection.close();
					connection = null;
				}
			}
			catch (IOException ex) {
				fail(classify(ex));
				closeQuietly(connection);
				connection = null;
			}
		}
		closeQuietly(connection);
	}

	private void fail(String cause) {
		this.failures.computeIfAbsent(cause, (key) -> new LongAdder()).increment();
	}

	private static String classify(IOException ex) {
		if (ex instanceof ConnectException) {
			return "connect refused";
		}
		if (ex instanceof SocketTimeoutException) {
			return "timeout";
		}
		if (ex instanceof SocketException && String.valueOf(ex.getMessage()).contains("reset")) {
			return "reset";
		}
		if (String.valueOf(ex.getMessage()).contains("closed before a response")) {
			return "premature EOF";
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	private static void closeQuietly(RawHttpConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// Already failed; nothing left to do with it.
			}
		}
	}

	long succeeded() {
		return this.succeeded.sum();
	}

	/**
	 * Stop sending, let requests in progress finish, and return the results.
	 * @return the results
	 * @throws InterruptedException if interrupted while waiting for the workers
	 */
	Results stop() throws InterruptedException {
		this.running = false;
		for (Thread worker : this.workers) {
			worker.join(READ_TIMEOUT.multipliedBy(2).toMillis());
		}
		Map<String, Long> failuresByCause = new TreeMap<>();
		this.failures.forEach((cause, count) -> failuresByCause.put(cause, count.sum()));
		return new Results(this.succeeded.sum(), failuresByCause, Duration.ofNanos(this.longestNanos.get()));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.running) {
			stop();
		}
	}

	/**
	 * A request a connection sends again and again.
	 *
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param close whether the client asks to close the connection after each response
	 * @param body the request body
	 */
	record Request(String method, String path, boolean close, byte[] body) {

		static Request keepAliveGet(String path) {
			return new Request("GET", path, false, new byte[0]);
		}

	}

	/**
	 * What the load saw.
	 *
	 * @param succeeded requests answered with a 2xx
	 * @param failures failed requests by cause
	 * @param longest the longest request, successful or not
	 */
	record Results(long succeeded, Map<String, Long> failures, Duration longest) {

		long failed() {
			return this.failures.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}

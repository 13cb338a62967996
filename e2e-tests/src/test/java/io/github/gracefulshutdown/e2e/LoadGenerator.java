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
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.gracefulshutdown.web.Http2Connection;
import io.github.gracefulshutdown.web.RawHttpConnection;
import io.github.gracefulshutdown.web.RawHttpConnection.Response;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.jspecify.annotations.Nullable;

/**
 * A load client that never retries: each connection sends paced requests, reuses its
 * connection until the server asks to close it, and counts every request that does not
 * end in a 2xx as failed, by cause. Shared with the K3s test.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	static final String NEW_CONNECTION = "new connection";

	private final String host;

	private final int port;

	private final List<Request> requests;

	private final Duration interval;

	private final List<Thread> workers = new ArrayList<>();

	private final LongAdder succeeded = new LongAdder();

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final AtomicLong longestNanos = new AtomicLong();

	private final Queue<Event> events = new ConcurrentLinkedQueue<>();

	private final long startedNanos = System.nanoTime();

	private volatile boolean running = true;

	private final HTTP2Client http2Client = new HTTP2Client();

	private final LongAdder retriedSafely = new LongAdder();

	/**
	 * Create a load generator for a local port; one connection per request given.
	 * @param port the port to send to
	 * @param requests the request each connection sends, one connection per entry
	 * @param interval the time between two requests of one connection
	 */
	public LoadGenerator(int port, List<Request> requests, Duration interval) {
		this("127.0.0.1", port, requests, interval);
	}

	/**
	 * Create a load generator; one connection per request given.
	 * @param host the host to send to
	 * @param port the port to send to
	 * @param requests the request each connection sends, one connection per entry
	 * @param interval the time between two requests of one connection
	 */
	public LoadGenerator(String host, int port, List<Request> requests, Duration interval) {
		this.host = host;
		this.port = port;
		this.requests = List.copyOf(requests);
		this.interval = interval;
	}

	public LoadGenerator start() {
		if (this.requests.stream().anyMatch(Request::http2)) {
			try {
				this.http2Client.start();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot start the HTTP/2 client", ex);
			}
		}
		for (int i = 0; i < this.requests.size(); i++) {
			Request request = this.requests.get(i);
			Client<?> client = request.http2() ? new Http2Client(request) : new Http1Client(request);
			Thread worker = new Thread(() -> run(client), "load-" + i);
			worker.setDaemon(true);
			worker.start();
			this.workers.add(worker);
		}
		return this;
	}

	private void run(Client<?> client) {
		long next = System.nanoTime();
		while (this.running) {
			// Pacing, not synchronisation: keeps the rate steady whatever the latency.
			LockSupport.parkNanos(next - System.nanoTime());
			next += this.interval.toNanos();
			long started = System.nanoTime();
			try {
				int status = client.send();
				this.longestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
				if (status / 100 == 2) {
					this.succeeded.increment();
					record(started, client.pod(), null);
				}
				else {
					fail(started, client.pod(), "status " + status);
				}
			}
			catch (IOException ex) {
				fail(started, client.pod(), client.protocol() + classify(ex));
				client.drop();
			}
		}
		client.drop();
	}

	private void fail(long startedNanos, String pod, String cause) {
		this.failures.computeIfAbsent(cause, (key) -> new LongAdder()).increment();
		record(startedNanos, pod, cause);
	}

	private void record(long startedNanos, String pod, @Nullable String failure) {
		long now = System.nanoTime();
		this.events.add(new Event(Duration.ofNanos(startedNanos - this.startedNanos).toMillis(), pod, failure,
				(now - startedNanos) / 1000));
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

	/**
	 * What one worker sends its request with, connection included.
	 *
	 * @param <C> the type of connection
	 */
	private abstract static class Client<C extends AutoCloseable> {

		protected final Request request;

		protected @Nullable C connection;

		private String pod = NEW_CONNECTION;

		Client(Request request) {
			this.request = request;
		}

		/**
		 * Send the request once, on the current connection or a new one.
		 * @return the response's status
		 * @throws IOException if the request failed
		 */
		abstract int send() throws IOException;

		/**
		 * Return what failure causes start with, to tell protocols apart.
		 * @return the prefix
		 */
		abstract String protocol();

		/**
		 * Use a new connection from now on.
		 * @param connection the connection
		 * @return the connection
		 */
		protected C use(C connection) {
			this.connection = connection;
			this.pod = NEW_CONNECTION;
			return connection;
		}

		/**
		 * Record the pod that answered on the current connection, if the response says.
		 * @param pod the pod named by the response, or {@code null}
		 */
		protected void answeredBy(@Nullable String pod) {
			this.pod = (pod != null) ? pod : this.pod;
		}

		/**
		 * Return the pod that answered the last request on the current connection,
		 * {@value #NEW_CONNECTION} for a fresh one.
		 * @return the pod
		 */
		String pod() {
			return this.pod;
		}

		/**
		 * Drop the current connection, after a failure or at the end.
		 */
		void drop() {
			if (this.connection != null) {
				try {
					this.connection.close();
				}
				catch (Exception ex) {
					// Already failed; nothing left to do with it.
				}
				this.connection = null;
			}
		}

	}

	/**
	 * HTTP/1.1: reuses its connection until the server asks to close it.
	 */
	private final class Http1Client extends Client<RawHttpConnection> {

		Http1Client(Request request) {
			super(request);
		}

		@Override
		int send() throws IOException {
			RawHttpConnection connection = this.connection;
			if (connection == null) {
				connection = use(
						RawHttpConnection.open(LoadGenerator.this.host, LoadGenerator.this.port, READ_TIMEOUT));
			}
			connection.send(this.request.method(), this.request.path(), this.request.close(), this.request.body());
			Response response = connection.readResponse();
			answeredBy(response.headers().get("x-pod"));
			if (this.request.close() || response.closesConnection()) {
				drop();
			}
			return response.status();
		}

		@Override
		String protocol() {
			return "";
		}

	}

	/**
	 * HTTP/2: sends streams on one connection until the server sends GOAWAY, then on a new
	 * one. A stream the server provably did not process is sent again on a new
	 * connection, as HTTP/2 clients do, and counted apart; every other error is a
	 * failure.
	 */
	private final class Http2Client extends Client<Http2Connection> {

		private static final int ATTEMPTS = 3;

		Http2Client(Request request) {
			super(request);
		}

		@Override
		int send() throws IOException {
			for (int attempt = 1;; attempt++) {
				Http2Connection connection = this.connection;
				if (connection == null || connection.isGoingAway()) {
					drop();
					connection = use(Http2Connection.open(LoadGenerator.this.http2Client, LoadGenerator.this.host,
							LoadGenerator.this.port, READ_TIMEOUT));
				}
				try {
					Http2Connection.Response response = Http2Connection.await(connection.get(this.request.path()),
							READ_TIMEOUT);
					answeredBy(response.headers().get("x-pod"));
					return response.status();
				}
				catch (Http2Connection.Refused ex) {
					if (attempt == ATTEMPTS) {
						throw ex;
					}
					LoadGenerator.this.retriedSafely.increment();
					drop();
				}
			}
		}

		@Override
		String protocol() {
			return "HTTP/2 ";
		}

	}

	public long succeeded() {
		return this.succeeded.sum();
	}

	/**
	 * Stop sending, let requests in progress finish, and return the results.
	 * @return the results
	 * @throws InterruptedException if interrupted while waiting for the workers
	 */
	public Results stop() throws InterruptedException {
		this.running = false;
		for (Thread worker : this.workers) {
			worker.join(READ_TIMEOUT.multipliedBy(2).toMillis());
		}
		try {
			this.http2Client.stop();
		}
		catch (Exception ex) {
			// Only the client's threads are left; the results are complete.
		}
		Map<String, Long> failuresByCause = new TreeMap<>();
		this.failures.forEach((cause, count) -> failuresByCause.put(cause, count.sum()));
		return new Results(this.succeeded.sum(), failuresByCause, Duration.ofNanos(this.longestNanos.get()),
				List.copyOf(this.events), this.retriedSafely.sum());
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
	 * @param http2 whether to send it as a stream of an HTTP/2 connection
	 */
	public record Request(String method, String path, boolean close, byte[] body, boolean http2) {

		public static Request keepAliveGet(String path) {
			return new Request("GET", path, false, new byte[0], false);
		}

		public static Request closingGet(String path) {
			return new Request("GET", path, true, new byte[0], false);
		}

		public static Request keepAlivePost(String path, int bodySize) {
			return new Request("POST", path, false, new byte[bodySize], false);
		}

		/**
		 * A GET as one stream of a long-lived HTTP/2 connection (clear text, prior
		 * knowledge).
		 * @param path the path and query
		 * @return the request
		 */
		public static Request http2Get(String path) {
			return new Request("GET", path, false, new byte[0], true);
		}

	}

	/**
	 * One request as the client saw it.
	 *
	 * @param atMillis when it was sent, since the load started
	 * @param pod the pod that answered it or, for a failure, that answered the last
	 * request on its connection ({@value #NEW_CONNECTION} for a fresh one)
	 * @param failure the cause of the failure, {@code null} for a success
	 * @param latencyMicros the time from sending the request to the end of its response
	 * or failure
	 */
	public record Event(long atMillis, String pod, @Nullable String failure, long latencyMicros) {

	}

	/**
	 * What the load saw.
	 *
	 * @param succeeded requests answered with a 2xx
	 * @param failures failed requests by cause
	 * @param longest the longest request, successful or not
	 * @param events every request, in no particular order
	 * @param retriedSafely HTTP/2 streams the server provably did not process, sent again
	 * on a new connection as HTTP/2 allows
	 */
	public record Results(long succeeded, Map<String, Long> failures, Duration longest, List<Event> events,
			long retriedSafely) {

		public long failed() {
			return this.failures.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}

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
package io.github.gracefulshutdown.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/2 connection, in clear text with prior knowledge (h2c) or over TLS (h2), as a
 * client holds it: one stream per request, and the GOAWAY the server sends. A request
 * the server provably did not process (its stream never opened, was refused, or is above
 * the GOAWAY's last stream) fails with {@link Refused}: HTTP/2 lets a client send it
 * again on a new connection. Shared with the end-to-end tests' load client.
 */
public final class Http2Connection implements AutoCloseable {

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

	private final @Nullable HTTP2Client ownClient;

	private final Session session;

	private final String origin;

	private final GoAways goAways;

	private Http2Connection(@Nullable HTTP2Client ownClient, Session session, String origin, GoAways goAways) {
		this.ownClient = ownClient;
		this.session = session;
		this.origin = origin;
		this.goAways = goAways;
	}

	/**
	 * Open a connection in clear text (h2c) with prior knowledge, on a client of its own.
	 * @param port the local port
	 * @return the connection
	 * @throws Exception if it cannot be opened
	 */
	public static Http2Connection open(int port) throws Exception {
		return open(startedClient(null), true, null, "localhost", port, OPEN_TIMEOUT);
	}

	/**
	 * Open a connection over TLS (h2), negotiated with ALPN and trusting any certificate,
	 * on a client of its own.
	 * @param port the local port
	 * @return the connection
	 * @throws Exception if it cannot be opened
	 */
	public static Http2Connection openTls(int port) throws Exception {
		SslContextFactory.Client tls = new SslContextFactory.Client(true);
		return open(startedClient(tls), true, tls, "localhost", port, OPEN_TIMEOUT);
	}

	/**
	 * Open a connection in clear text (h2c) with prior knowledge on a shared, started
	 * client.
	 * @param client the client
	 * @param host the host
	 * @param port the port
	 * @param timeout how long to wait for the connection
	 * @return the connection
	 * @throws IOException if it cannot be opened
	 */
	public static Http2Connection open(HTTP2Client client, String host, int port, Duration timeout)
			throws IOException {
		return open(client, false, null, host, port, timeout);
	}

	private static HTTP2Client startedClient(SslContextFactory.@Nullable Client tls) throws Exception {
		HTTP2Client client = new HTTP2Client();
		if (tls != null) {
			// Started and stopped with the client.
			client.addBean(tls);
		}
		client.start();
		return client;
	}

	private static Http2Connection open(HTTP2Client client, boolean owned, SslContextFactory.@Nullable Client tls,
			String host, int port, Duration timeout) throws IOException {
		GoAways goAways = new GoAways();
		Session session = await(client.connect(tls, new InetSocketAddress(host, port), goAways), timeout);
		// Tomcat resets a stream whose :scheme does not match the connection's.
		String origin = ((tls != null) ? "https" : "http") + "://" + host + ":" + port;
		return new Http2Connection(owned ? client : null, session, origin, goAways);
	}

	/**
	 * Return the first GOAWAY the server sent, once it has.
	 * @return the first GOAWAY
	 */
	public CompletableFuture<GoAwayFrame> goAway() {
		return this.goAways.first;
	}

	/**
	 * Whether the server takes no new stream on this connection any more.
	 * @return whether a GOAWAY arrived or the connection is closed
	 */
	public boolean isGoingAway() {
		return this.goAways.first.isDone() || this.session.isClosed();
	}

	/**
	 * Send a GET as a new stream.
	 * @param path the path
	 * @return the whole response, or a {@link Refused} or other {@link IOException}
	 */
	public CompletableFuture<Response> get(String path) {
		CompletableFuture<Response> response = new CompletableFuture<>();
		MetaData.Request request = new MetaData.Request("GET", HttpURI.from(this.origin + path), HttpVersion.HTTP_2,
				HttpFields.EMPTY);
		this.session.newStream(new HeadersFrame(request, null, true), new ResponseListener(response))
			.whenComplete((stream, failure) -> {
				if (failure != null) {
					response.completeExceptionally(new Refused("stream not opened: " + failure));
				}
			});
		return response;
	}

	/**
	 * Wait for a future, turning its failure into the {@link IOException} it carries.
	 * @param <T> the type of the result
	 * @param future the future
	 * @param timeout how long to wait
	 * @return the result
	 * @throws IOException if it failed or timed out
	 */
	public static <T> T await(CompletableFuture<T> future, Duration timeout) throws IOException {
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IOException("timeout", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.session.close(ErrorCode.NO_ERROR.code, "done", Callback.NOOP);
		if (this.ownClient != null) {
			this.ownClient.stop();
		}
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers the headers
	 */
	public record Response(int status, HttpFields headers) {

		/**
		 * Whether the response carried a {@code Connection} header, which HTTP/2 forbids.
		 * @return whether it did
		 */
		public boolean connectionHeader() {
			return this.headers.contains("Connection");
		}

	}

	/**
	 * A request the server did not process, safe to send again on a new connection.
	 */
	public static final class Refused extends IOException {

		Refused(String message) {
			super(message);
		}

	}

	/**
	 * The GOAWAY frames the server sent. A server may send two (Tomcat does): a first
	 * one announcing the shutdown with the highest possible last stream id, then, a round
	 * trip later, the one with the last stream it really processed. Only the last tells
	 * which streams were not processed.
	 */
	private static final class GoAways implements Session.Listener {

		private final CompletableFuture<GoAwayFrame> first = new CompletableFuture<>();

		private volatile @Nullable GoAwayFrame last;

		@Override
		public void onGoAway(Session session, GoAwayFrame frame) {
			// Set before the client fails the streams above the frame's last stream id.
			this.last = frame;
			this.first.complete(frame);
		}

	}

	private final class ResponseListener implements Stream.Listener {

		private final CompletableFuture<Response> response;

		private int status;

		private HttpFields headers = HttpFields.EMPTY;

		ResponseListener(CompletableFuture<Response> response) {
			this.response = response;
		}

		@Override
		public void onHeaders(Stream stream, HeadersFrame frame) {
			if (frame.getMetaData() instanceof MetaData.Response metaData) {
				this.status = metaData.getStatus();
				this.headers = metaData.getHttpFields();
			}
			endOrDemand(stream, frame.isEndStream());
		}

		@Override
		public void onDataAvailable(Stream stream) {
			Stream.Data data = stream.readData();
			if (data == null) {
				stream.demand();
				return;
			}
			data.release();
			endOrDemand(stream, data.frame().isEndStream());
		}

		private void endOrDemand(Stream stream, boolean end) {
			if (end) {
				this.response.complete(new Response(this.status, this.headers));
			}
			else {
				stream.demand();
			}
		}

		@Override
		public void onReset(Stream stream, ResetFrame frame, Callback callback) {
			fail(stream, "reset, error " + frame.getError(), frame.getError() == ErrorCode.REFUSED_STREAM_ERROR.code);
			callback.succeeded();
		}

		@Override
		public void onFailure(Stream stream, int error, @Nullable String reason,
				@Nullable Throwable failure, Callback callback) {
			String cause = (failure != null) ? failure.getClass().getSimpleName() : "no cause";
			fail(stream, "failure " + error + " " + reason + " (" + cause + ")", false);
			callback.succeeded();
		}

		private void fail(Stream stream, String cause, boolean refused) {
			GoAwayFrame goAway = Http2Connection.this.goAways.last;
			boolean unprocessed = refused || (goAway != null && stream.getId() > goAway.getLastStreamId());
			this.response.completeExceptionally(unprocessed
					? new Refused("stream " + stream.getId() + " not processed: " + cause) : new IOException(cause));
		}

	}

}

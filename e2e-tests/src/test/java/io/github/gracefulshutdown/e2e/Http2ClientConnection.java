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
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/2 connection in clear text with prior knowledge, as a client would hold it:
 * one stream per request, no new stream once the server has sent GOAWAY. A request the
 * server provably did not process (never sent, refused, or above the GOAWAY's last stream)
 * throws {@link Refused}: HTTP/2 lets a client retry those safely on a new connection, and
 * real clients do.
 */
final class Http2ClientConnection implements AutoCloseable {

	private final Session session;

	private final String authority;

	private volatile @Nullable GoAwayFrame goAway;

	private Http2ClientConnection(Session session, String authority) {
		this.session = session;
		this.authority = authority;
	}

	static Http2ClientConnection open(HTTP2Client client, String host, int port, Duration timeout)
			throws IOException {
		CompletableFuture<Http2ClientConnection> opened = new CompletableFuture<>();
		Session.Listener listener = new Session.Listener() {

			@Override
			public void onGoAway(Session session, GoAwayFrame frame) {
				opened.thenAccept((connection) -> connection.goAway = frame);
			}

		};
		Session session = await(client.connect(new InetSocketAddress(host, port), listener), timeout);
		Http2ClientConnection connection = new Http2ClientConnection(session, host + ":" + port);
		opened.complete(connection);
		return connection;
	}

	/**
	 * Whether the server has said it takes no new stream on this connection.
	 * @return whether a GOAWAY arrived
	 */
	boolean isGoingAway() {
		return this.goAway != null || this.session.isClosed();
	}

	/**
	 * Send a GET as a new stream and wait for the whole response.
	 * @param path the path
	 * @param timeout how long to wait
	 * @return the status and the pod that answered
	 * @throws Refused if the server provably did not process it
	 * @throws IOException if the request failed otherwise
	 */
	Response get(String path, Duration timeout) throws IOException {
		CompletableFuture<Response> response = new CompletableFuture<>();
		MetaData.Request request = new MetaData.Request("GET", HttpURI.from("http://" + this.authority + path),
				HttpVersion.HTTP_2, HttpFields.EMPTY);
		CompletableFuture<Stream> stream = this.session.newStream(new HeadersFrame(request, null, true),
				new ResponseListener(response));
		Stream opened;
		try {
			opened = await(stream, timeout);
		}
		catch (IOException ex) {
			throw new Refused("stream not opened: " + ex.getMessage());
		}
		try {
			return await(response, timeout);
		}
		catch (IOException ex) {
			GoAwayFrame goAway = this.goAway;
			if (ex instanceof Refused || (goAway != null && opened.getId() > goAway.getLastStreamId())) {
				throw new Refused("stream " + opened.getId() + " not processed: " + ex.getMessage());
			}
			throw ex;
		}
	}

	private static <T> T await(CompletableFuture<T> future, Duration timeout) throws IOException {
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(ex.getCause()), ex.getCause());
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
	public void close() {
		this.session.close(ErrorCode.NO_ERROR.code, "done", Callback.NOOP);
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param pod the pod that answered, from its {@code x-pod} header
	 */
	record Response(int status, @Nullable String pod) {
	}

	/**
	 * A request the server did not process, safe to send again on a new connection.
	 */
	static final class Refused extends IOException {

		Refused(String message) {
			super(message);
		}

	}

	private static final class ResponseListener implements Stream.Listener {

		private final CompletableFuture<Response> response;

		private int status;

		private @Nullable String pod;

		ResponseListener(CompletableFuture<Response> response) {
			this.response = response;
		}

		@Override
		public void onHeaders(Stream stream, HeadersFrame frame) {
			if (frame.getMetaData() instanceof MetaData.Response metaData) {
				this.status = metaData.getStatus();
				this.pod = metaData.getHttpFields().get("x-pod");
			}
			if (frame.isEndStream()) {
				this.response.complete(new Response(this.status, this.pod));
			}
			else {
				stream.demand();
			}
		}

		@Override
		public void onDataAvailable(Stream stream) {
			Stream.Data data = stream.readData();
			if (data == null) {
				stream.demand();
				return;
			}
			data.release();
			if (data.frame().isEndStream()) {
				this.response.complete(new Response(this.status, this.pod));
			}
			else {
				stream.demand();
			}
		}

		@Override
		public void onReset(Stream stream, ResetFrame frame, Callback callback) {
			this.response.completeExceptionally((frame.getError() == ErrorCode.REFUSED_STREAM_ERROR.code)
					? new Refused("refused") : new IOException("reset, error " + frame.getError()));
			callback.succeeded();
		}

		@Override
		public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
			this.response.completeExceptionally(new IOException("failure " + error + " " + reason, failure));
			callback.succeeded();
		}

	}

}

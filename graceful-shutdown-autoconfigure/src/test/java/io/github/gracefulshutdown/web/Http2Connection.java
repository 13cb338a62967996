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

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
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
 * One HTTP/2 connection in clear text with prior knowledge, on which each request is a
 * stream, and which records the GOAWAY the server sends.
 */
final class Http2Connection implements AutoCloseable {

	private final HTTP2Client client;

	private final Session session;

	private final String origin;

	final CompletableFuture<GoAwayFrame> goAway;

	private Http2Connection(HTTP2Client client, Session session, String origin,
			CompletableFuture<GoAwayFrame> goAway) {
		this.client = client;
		this.session = session;
		this.origin = origin;
		this.goAway = goAway;
	}

	/**
	 * Open a connection in clear text (h2c) with prior knowledge.
	 * @param port the port
	 * @return the connection
	 * @throws Exception if it cannot be opened
	 */
	static Http2Connection open(int port) throws Exception {
		return open(port, null);
	}

	/**
	 * Open a connection over TLS (h2), negotiated with ALPN, trusting any certificate.
	 * @param port the port
	 * @return the connection
	 * @throws Exception if it cannot be opened
	 */
	static Http2Connection openTls(int port) throws Exception {
		return open(port, new SslContextFactory.Client(true));
	}

	private static Http2Connection open(int port, SslContextFactory.@Nullable Client tls) throws Exception {
		HTTP2Client client = new HTTP2Client();
		if (tls != null) {
			// Started and stopped with the client.
			client.addBean(tls);
		}
		client.start();
		CompletableFuture<GoAwayFrame> goAway = new CompletableFuture<>();
		Session.Listener listener = new Session.Listener() {

			@Override
			public void onGoAway(Session session, GoAwayFrame frame) {
				goAway.complete(frame);
			}

		};
		Session session = client.connect(tls, new InetSocketAddress("localhost", port), listener)
			.get(30, TimeUnit.SECONDS);
		// Tomcat resets a stream whose :scheme does not match the connection's.
		String origin = ((tls != null) ? "https" : "http") + "://localhost:" + port;
		return new Http2Connection(client, session, origin, goAway);
	}

	/**
	 * Send a GET as a new stream.
	 * @param path the path
	 * @return the response: its status and whether it carried a connection header, which
	 * HTTP/2 forbids
	 */
	CompletableFuture<Response> get(String path) {
		CompletableFuture<Response> response = new CompletableFuture<>();
		MetaData.Request request = new MetaData.Request("GET", HttpURI.from(this.origin + path),
				HttpVersion.HTTP_2, HttpFields.EMPTY);
		Stream.Listener listener = new Stream.Listener() {

			private int status;

			private boolean connectionHeader;

			@Override
			public void onHeaders(Stream stream, HeadersFrame frame) {
				if (frame.getMetaData() instanceof MetaData.Response metaData) {
					this.status = metaData.getStatus();
					this.connectionHeader = metaData.getHttpFields().contains("Connection");
				}
				if (frame.isEndStream()) {
					response.complete(new Response(this.status, this.connectionHeader));
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
					response.complete(new Response(this.status, this.connectionHeader));
				}
				else {
					stream.demand();
				}
			}

			@Override
			public void onReset(Stream stream, ResetFrame frame, Callback callback) {
				response.completeExceptionally(new IllegalStateException("Stream reset, error " + frame.getError()));
				callback.succeeded();
			}

			@Override
			public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
				response.completeExceptionally(failure);
				callback.succeeded();
			}

		};
		this.session.newStream(new HeadersFrame(request, null, true), listener).whenComplete((stream, failure) -> {
			if (failure != null) {
				response.completeExceptionally(failure);
			}
		});
		return response;
	}

	@Override
	public void close() throws Exception {
		this.client.stop();
	}

	record Response(int status, boolean connectionHeader) {
	}

}

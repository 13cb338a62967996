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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One WebSocket session as a client holds it: the text messages it received and the
 * close status the server sent. A connection cut without a close frame fails the close
 * status instead. Shared with the end-to-end tests.
 */
public final class WebSocketClientSession {

	private final Listener listener = new Listener();

	private final WebSocket socket;

	private WebSocketClientSession(HttpClient client, URI uri, Duration timeout) throws Exception {
		this.socket = client.newWebSocketBuilder()
			.buildAsync(uri, this.listener)
			.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Open a session.
	 * @param client the client to open it with
	 * @param uri the WebSocket's URI
	 * @param timeout how long the handshake may take
	 * @return the open session
	 * @throws Exception if it cannot be opened
	 */
	public static WebSocketClientSession open(HttpClient client, URI uri, Duration timeout) throws Exception {
		return new WebSocketClientSession(client, uri, timeout);
	}

	/**
	 * Wait for the next text message.
	 * @param timeout how long to wait
	 * @return the message, or {@code null} if none arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public @Nullable String nextMessage(Duration timeout) throws InterruptedException {
		return this.listener.messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Send a text message.
	 * @param text the message
	 */
	public void send(String text) {
		this.socket.sendText(text, true);
	}

	/**
	 * Return the close status the server sent, once it has.
	 * @return the close status
	 */
	public CompletableFuture<Integer> closeStatus() {
		return this.listener.closeStatus;
	}

	private static final class Listener implements WebSocket.Listener {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.messages.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeStatus.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeStatus.completeExceptionally(error);
		}

	}

}

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

package io.github.gracefulshutdown.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A streaming call that the drain start can end from its own thread. A
 * {@link ServerCall} is not thread-safe, and the application keeps sending on it from
 * its threads: every outbound call is serialised here, and once the drain has ended the
 * call, the application's later messages, headers and close are dropped, so that its
 * {@code onNext} or {@code onCompleted} racing the end neither fails nor reaches a closed
 * stream.
 *
 * @param <Q> the request type
 * @param <R> the response type
 * @author Graceful Shutdown contributors
 */
final class EndableServerCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

	/**
	 * What the client sees: {@code UNAVAILABLE} is the status gRPC clients treat as
	 * retryable, and the stream may be opened again on another instance.
	 */
	static final Status DRAIN_STATUS = Status.UNAVAILABLE
		.withDescription("The server is shutting down; open the stream again on another instance");

	private final Object lock = new Object();

	private boolean closed;

	EndableServerCall(ServerCall<Q, R> delegate) {
		super(delegate);
	}

	/**
	 * End the call with {@link #DRAIN_STATUS}, unless it is closed already.
	 * @return whether this ended it
	 */
	boolean endForDrain() {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			super.close(DRAIN_STATUS, new Metadata());
			return true;
		}
	}

	@Override
	public void sendHeaders(Metadata headers) {
		synchronized (this.lock) {
			if (!this.closed) {
				super.sendHeaders(headers);
			}
		}
	}

	@Override
	public void sendMessage(R message) {
		synchronized (this.lock) {
			if (!this.closed) {
				super.sendMessage(message);
			}
		}
	}

	@Override
	public void close(Status status, Metadata trailers) {
		synchronized (this.lock) {
			if (!this.closed) {
				this.closed = true;
				super.close(status, trailers);
			}
		}
	}

	@Override
	public void request(int numMessages) {
		synchronized (this.lock) {
			super.request(numMessages);
		}
	}

	@Override
	public void setMessageCompression(boolean enabled) {
		synchronized (this.lock) {
			super.setMessageCompression(enabled);
		}
	}

	@Override
	public void setCompression(String compressor) {
		synchronized (this.lock) {
			super.setCompression(compressor);
		}
	}

}

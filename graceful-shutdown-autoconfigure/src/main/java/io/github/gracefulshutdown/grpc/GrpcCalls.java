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

import java.util.List;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Every gRPC call the server accepts, from its start to its end: counted as a request
 * (late calls, calls in flight and the quiet period see it as the HTTP requests), and,
 * for server-streaming and bidirectional calls, registered as an {@link OpenStreams open
 * stream} that the drain start ends with {@code UNAVAILABLE}, a status clients may retry
 * elsewhere. Registered as a global interceptor, so every service of every server has
 * it.
 *
 * @author Graceful Shutdown contributors
 */
final class GrpcCalls implements ServerInterceptor {

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final OpenStreams openStreams;

	GrpcCalls(InFlightRequests inFlightRequests, ShutdownStatistics statistics, OpenStreams openStreams) {
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.openStreams = openStreams;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		this.statistics.grpcCallReceived();
		InFlightRequests.Request request = this.inFlightRequests.begin(InFlightRequests.GRPC,
				call.getMethodDescriptor().getFullMethodName());
		MethodType type = call.getMethodDescriptor().getType();
		ServerCall<Q, R> tracked = call;
		OpenStreams.Stream stream = null;
		if (type == MethodType.SERVER_STREAMING || type == MethodType.BIDI_STREAMING) {
			EndableServerCall<Q, R> endable = new EndableServerCall<>(call);
			tracked = endable;
			stream = this.openStreams.open(endable::endForDrain);
		}
		OpenStreams.Stream registered = stream;
		try {
			return new SimpleForwardingServerCallListener<>(next.startCall(tracked, headers)) {

				@Override
				public void onComplete() {
					try {
						super.onComplete();
					}
					finally {
						ended(request, registered);
					}
				}

				@Override
				public void onCancel() {
					try {
						super.onCancel();
					}
					finally {
						ended(request, registered);
					}
				}

			};
		}
		catch (RuntimeException ex) {
			ended(request, registered);
			throw ex;
		}
	}

	private void ended(InFlightRequests.Request request, OpenStreams.@Nullable Stream stream) {
		this.inFlightRequests.end(request);
		if (stream != null) {
			stream.closed();
		}
	}

	/**
	 * Return the calls in flight, oldest first.
	 * @return the calls in flight
	 */
	List<InFlightRequests.Request> inFlight() {
		return this.inFlightRequests.snapshot().stream().filter(InFlightRequests.Request::isGrpc).toList();
	}

	/**
	 * Forget calls that the server is about to cancel, once they are counted as aborted:
	 * their end, which comes later, must not leave them to be counted again.
	 * @param aborted the calls
	 */
	void forget(List<InFlightRequests.Request> aborted) {
		for (InFlightRequests.Request request : aborted) {
			this.inFlightRequests.end(request);
		}
	}

}

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
package io.github.gracefulshutdown.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The gRPC counterpart of {@link WorkController} and {@link EventsController}, served by
 * Spring Boot's gRPC server on its own port ({@code spring.grpc.server.port}, 9090 by
 * default): {@code sample.Work/Hello} answers at once, {@code sample.Work/Slow} after the
 * milliseconds its request names, and {@code sample.Work/Ticks} streams a tick every
 * 100 ms, as many as its request names. Requests and responses are UTF-8 text.
 */
@Component
class WorkGrpcService implements BindableService, DisposableBean {

	static final String SERVICE = "sample.Work";

	static final MethodDescriptor<String, String> HELLO = method(MethodType.UNARY, "Hello");

	static final MethodDescriptor<String, String> SLOW = method(MethodType.UNARY, "Slow");

	static final MethodDescriptor<String, String> TICKS = method(MethodType.SERVER_STREAMING, "Ticks");

	static final Duration TICK = Duration.ofMillis(100);

	private static final Duration MAX_LATENCY = Duration.ofMinutes(5);

	private static final int MAX_TICKS = 36_000;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "grpc-ticker");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(HELLO, ServerCalls.asyncUnaryCall((request, responses) -> {
				responses.onNext("hello");
				responses.onCompleted();
			}))
			.addMethod(SLOW, ServerCalls.asyncUnaryCall(this::slow))
			.addMethod(TICKS, ServerCalls.asyncServerStreamingCall(this::ticks))
			.build();
	}

	private void slow(String request, StreamObserver<String> responses) {
		long ms = Math.min(Math.max(parse(request, 1000), 0), MAX_LATENCY.toMillis());
		try {
			// Simulated work, on the gRPC server's executor as blocking work would be.
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			responses.onError(Status.CANCELLED.withDescription("Interrupted").asRuntimeException());
			return;
		}
		responses.onNext("done after " + ms + "ms");
		responses.onCompleted();
	}

	private void ticks(String request, StreamObserver<String> responses) {
		int count = (int) Math.min(Math.max(parse(request, 10), 1), MAX_TICKS);
		tick((ServerCallStreamObserver<String>) responses, count);
	}

	// One tick at a time, each scheduling the next: a cancelled or ended call simply
	// schedules no more.
	private void tick(ServerCallStreamObserver<String> call, int remaining) {
		if (call.isCancelled()) {
			return;
		}
		try {
			call.onNext("tick " + Instant.now());
			if (remaining == 1) {
				call.onCompleted();
				return;
			}
			this.ticker.schedule(() -> tick(call, remaining - 1), TICK.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			// The call ended meanwhile, from the server's side or the client's, or the
			// application is closing and the ticker with it.
		}
	}

	private static long parse(String request, long defaultValue) {
		try {
			return request.isBlank() ? defaultValue : Long.parseLong(request.trim());
		}
		catch (NumberFormatException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("Not a number: '" + request + "'").asRuntimeException();
		}
	}

	private static MethodDescriptor<String, String> method(MethodType type, String name) {
		return MethodDescriptor.newBuilder(Utf8Marshaller.INSTANCE, Utf8Marshaller.INSTANCE)
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.build();
	}

	@Override
	public void destroy() {
		this.ticker.shutdownNow();
	}

}

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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

/**
 * A gRPC load client as a new user would write one with grpc-java: a few channels, each
 * one HTTP/2 connection at a time, pinned to whichever pod the balancer gave it, retries
 * disabled and a deadline on every call. On each channel, one worker makes short unary
 * calls, 20 ms apart, one makes unary calls of {@link #SLOW_CALL}, and one keeps a
 * server-streaming subscription open, {@link #STREAM_TICKS} ticks long, opening the next
 * as each ends.
 * <p>
 * What counts:
 * <ul>
 * <li>A unary call succeeds if it ends {@code OK}; it fails on any other status,
 * {@code UNAVAILABLE: Network closed for unknown reason}, a refused connection and
 * {@code DEADLINE_EXCEEDED} included.</li>
 * <li>A stream succeeds if it ends {@code OK} with every tick asked for. A stream the
 * server ends with {@code UNAVAILABLE} and the starter's description
 * ({@link #ENDED_STREAM_DESCRIPTION}), as its drain start does, is an <em>ended
 * stream</em>: the client opens it again, as any subscription client does, and that is
 * not a failure. Every other end is: a transport error, a deadline, another status, or
 * {@code OK} with ticks missing.</li>
 * </ul>
 * The service's methods are declared here as on the server, by name and marshaller: the
 * wire is the contract, not shared classes.
 */
final class GrpcLoadGenerator implements AutoCloseable {

	/**
	 * How the starter describes the status with which it ends streams at drain start.
	 */
	static final String ENDED_STREAM_DESCRIPTION = "The server is shutting down";

	static final Duration SLOW_CALL = Duration.ofSeconds(1);

	static final int STREAM_TICKS = 20;

	/**
	 * Generous, for two busy cores: a short call normally takes a few milliseconds.
	 */
	private static final Duration UNARY_DEADLINE = Duration.ofSeconds(5);

	/**
	 * Twice the stream's 2 s of ticks, and more.
	 */
	private static final Duration STREAM_DEADLINE = Duration.ofSeconds(10);

	private static final Duration PAUSE = Duration.ofMillis(20);

	private static final MethodDescriptor<String, String> HELLO = method(MethodType.UNARY, "Hello");

	private static final MethodDescriptor<String, String> SLOW = method(MethodType.UNARY, "Slow");

	private static final MethodDescriptor<String, String> TICKS = method(MethodType.SERVER_STREAMING, "Ticks");

	private final List<ManagedChannel> channels = new ArrayList<>();

	private final List<Thread> workers = new ArrayList<>();

	private final LongAdder succeededCalls = new LongAdder();

	private final LongAdder completedStreams = new LongAdder();

	private final LongAdder endedStreams = new LongAdder();

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final AtomicLong longestNanos = new AtomicLong();

	private volatile boolean running = true;

	/**
	 * Create a load client.
	 * @param port the local port of the balancer's gRPC frontend
	 * @param channels how many channels, each with its three workers
	 */
	GrpcLoadGenerator(int port, int channels) {
		for (int i = 0; i < channels; i++) {
			this.channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().disableRetry().build());
		}
	}

	GrpcLoadGenerator start() {
		for (int i = 0; i < this.channels.size(); i++) {
			ManagedChannel channel = this.channels.get(i);
			startWorker("grpc-short-" + i, () -> unary(channel, HELLO, ""));
			startWorker("grpc-slow-" + i, () -> unary(channel, SLOW, Long.toString(SLOW_CALL.toMillis())));
			startWorker("grpc-stream-" + i, () -> stream(channel));
		}
		return this;
	}

	private void startWorker(String name, Runnable call) {
		Thread worker = new Thread(() -> {
			while (this.running) {
				call.run();
				// Pacing, not synchronisation: the next call is simply due a little later,
				// and a channel that fails fast does not spin.
				LockSupport.parkNanos(PAUSE.toNanos());
			}
		}, name);
		worker.setDaemon(true);
		worker.start();
		this.workers.add(worker);
	}

	private void unary(ManagedChannel channel, MethodDescriptor<String, String> method, String request) {
		long start = System.nanoTime();
		try {
			ClientCalls.blockingUnaryCall(channel, method, deadline(UNARY_DEADLINE), request);
			this.longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
			this.succeededCalls.increment();
		}
		catch (RuntimeException ex) {
			fail(method, ex);
		}
	}

	private void stream(ManagedChannel channel) {
		int ticks = 0;
		try {
			Iterator<String> stream = ClientCalls.blockingServerStreamingCall(channel, TICKS, deadline(STREAM_DEADLINE),
					Integer.toString(STREAM_TICKS));
			while (stream.hasNext()) {
				stream.next();
				ticks++;
			}
			if (ticks == STREAM_TICKS) {
				this.completedStreams.increment();
			}
			else {
				count("Ticks: OK after " + ticks + " of " + STREAM_TICKS + " ticks");
			}
		}
		catch (StatusRuntimeException ex) {
			if (isEndedByTheDrain(ex.getStatus())) {
				this.endedStreams.increment();
			}
			else {
				fail(TICKS, ex);
			}
		}
		catch (RuntimeException ex) {
			fail(TICKS, ex);
		}
	}

	private static boolean isEndedByTheDrain(Status status) {
		return status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() != null
				&& status.getDescription().startsWith(ENDED_STREAM_DESCRIPTION);
	}

	private void fail(MethodDescriptor<?, ?> method, RuntimeException ex) {
		String cause;
		if (ex instanceof StatusRuntimeException statusException) {
			Status status = statusException.getStatus();
			cause = status.getCode() + ": " + status.getDescription();
		}
		else {
			cause = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		count(method.getBareMethodName() + ": " + cause);
	}

	private void count(String failure) {
		if (this.running) {
			this.failures.computeIfAbsent(failure, (key) -> new LongAdder()).increment();
		}
	}

	private static CallOptions deadline(Duration deadline) {
		return CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	long succeeded() {
		return this.succeededCalls.sum() + this.completedStreams.sum();
	}

	/**
	 * Stop the workers once their calls in progress are done, and count no more.
	 * @return what the client saw
	 * @throws InterruptedException if interrupted while waiting for the workers
	 */
	Results stop() throws InterruptedException {
		Results results = results();
		this.running = false;
		for (Thread worker : this.workers) {
			// A worker's call ends within its deadline.
			worker.join(STREAM_DEADLINE.plusSeconds(5).toMillis());
		}
		return results;
	}

	private Results results() {
		Map<String, Long> failures = new TreeMap<>();
		this.failures.forEach((cause, count) -> failures.put(cause, count.sum()));
		return new Results(this.succeededCalls.sum(), this.completedStreams.sum(), this.endedStreams.sum(),
				Map.copyOf(failures), Duration.ofNanos(this.longestNanos.get()));
	}

	@Override
	public void close() {
		this.running = false;
		this.channels.forEach(ManagedChannel::shutdownNow);
	}

	private static MethodDescriptor<String, String> method(MethodType type, String name) {
		return MethodDescriptor.newBuilder(Utf8.MARSHALLER, Utf8.MARSHALLER)
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName("sample.Work", name))
			.build();
	}

	/**
	 * What the client saw.
	 *
	 * @param succeededCalls the unary calls that ended {@code OK}
	 * @param completedStreams the streams that ended {@code OK} with every tick
	 * @param endedStreams the streams the server's drain ended, opened again
	 * @param failures the failed calls and streams, by method and status
	 * @param longest the longest successful unary call
	 */
	record Results(long succeededCalls, long completedStreams, long endedStreams, Map<String, Long> failures,
			Duration longest) {

		long failed() {
			return this.failures.values().stream().mapToLong(Long::longValue).sum();
		}

		String summary() {
			return "%d unary calls ok, %d streams complete, %d streams ended by the drain and opened again, %d failed %s, longest unary call %d ms"
				.formatted(this.succeededCalls, this.completedStreams, this.endedStreams, failed(), this.failures,
						this.longest.toMillis());
		}

	}

	/**
	 * Messages as UTF-8 text, as the sample's service has them.
	 */
	private enum Utf8 implements Marshaller<String> {

		MARSHALLER;

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}

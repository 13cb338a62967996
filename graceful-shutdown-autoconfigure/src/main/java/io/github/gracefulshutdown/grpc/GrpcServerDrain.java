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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.grpc.Server;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The drain of every gRPC server, in step with the web server's. At drain start each
 * server is shut down the graceful way: GOAWAY on every connection, so clients open new
 * ones elsewhere, no new connections, calls in flight carry on. Then, when its lifecycle
 * stops, right after Spring Boot's drain, it gets what is left of the drain timeout
 * (and at most its own grace period) to finish them; calls still running then are
 * counted as aborted and logged with their full method name, and the server cancels
 * them.
 * <p>
 * A stop that is not the sequence's drain (a restart, {@code context.stop()}, a test
 * context that runs no sequence) is Spring gRPC's own: shut down, wait at most the grace
 * period.
 *
 * @author Graceful Shutdown contributors
 */
final class GrpcServerDrain implements DrainStartListener, ApplicationListener<GrpcServerStartedEvent> {

	private static final Log logger = LogFactory.getLog(GrpcServerDrain.class);

	private final Map<GrpcServerLifecycle, Server> servers = new ConcurrentHashMap<>();

	private final GrpcCalls calls;

	private final ShutdownStatistics statistics;

	private final ObjectProvider<GracefulShutdownLifecycle> sequence;

	private volatile long drainStartedAt;

	GrpcServerDrain(GrpcCalls calls, ShutdownStatistics statistics,
			ObjectProvider<GracefulShutdownLifecycle> sequence) {
		this.calls = calls;
		this.statistics = statistics;
		this.sequence = sequence;
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		this.servers.put(event.getSource(), event.getServer());
	}

	@Override
	public void onDrainStart() {
		this.drainStartedAt = System.nanoTime();
		for (Server server : this.servers.values()) {
			// Non-blocking: GOAWAY to every connection, the listener closed; calls in
			// flight carry on, and the connections close as their last call ends.
			server.shutdown();
		}
		if (!this.servers.isEmpty()) {
			logger.info("gRPC server(s) told every connection to go away (GOAWAY) and stopped accepting connections; "
					+ this.calls.inFlight().size() + " call(s) in flight");
		}
	}

	/**
	 * Drain the server of the given lifecycle, which is stopping; it is shut down next,
	 * cancelling the calls still running.
	 * @param lifecycle the lifecycle that started the server
	 * @param gracePeriod the server's {@code spring.grpc.server.shutdown.grace-period}:
	 * how long it may take at most, negative for no limit
	 */
	void drain(GrpcServerLifecycle lifecycle, Duration gracePeriod) {
		Server server = this.servers.remove(lifecycle);
		if (server == null) {
			return;
		}
		Duration left = drainTimeLeft();
		if (left == null) {
			server.shutdown();
			awaitTermination(server, gracePeriod.isNegative() ? null : gracePeriod);
			return;
		}
		awaitTermination(server, (gracePeriod.isNegative() || gracePeriod.compareTo(left) > 0) ? left : gracePeriod);
		if (!server.isTerminated()) {
			List<InFlightRequests.Request> aborted = this.calls.inFlight();
			this.calls.forget(aborted);
			this.statistics.grpcCallsAborted(aborted.size());
			if (!aborted.isEmpty()) {
				logger.warn("gRPC drain timed out after " + since(this.drainStartedAt).toMillis() + "ms with "
						+ aborted.size() + " call(s) still in flight, now cancelled: " + describe(aborted));
			}
		}
	}

	/**
	 * What the sequence's drain has left, or {@code null} if this is not its drain.
	 */
	private @Nullable Duration drainTimeLeft() {
		if (this.drainStartedAt == 0) {
			return null;
		}
		GracefulShutdownLifecycle sequence = this.sequence.getIfAvailable();
		return (sequence != null) ? sequence.getDrainTimeLeft() : null;
	}

	private static void awaitTermination(Server server, @Nullable Duration timeout) {
		try {
			if (timeout == null) {
				server.awaitTermination();
			}
			else {
				server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Duration since(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos);
	}

	private static String describe(List<InFlightRequests.Request> calls) {
		return calls.stream()
			.map((call) -> call.path() + " (running for " + call.age().toMillis() + "ms)")
			.collect(Collectors.joining(", "));
	}

}

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

import io.github.gracefulshutdown.GracefulShutdownLifecycle;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Spring gRPC's server lifecycle, moved into the shutdown sequence. Spring gRPC stops its
 * server at phase {@link Integer#MAX_VALUE}, before anything else: at SIGTERM the server
 * would send GOAWAY and close its listener before the propagation phase begins, while
 * load balancers still route new connections here, and its blocking stop would hold every
 * later phase for up to its grace period. This one stops at {@link #PHASE}, right after
 * Spring Boot's drain and before the drain participants
 * ({@link GracefulShutdownLifecycle#PARTICIPANTS_PHASE}); by then the drain start has
 * sent GOAWAY ({@link GrpcServerDrain}), and the stop waits for what is left of the drain
 * timeout, then cancels what still runs.
 * <p>
 * It is still a {@link GrpcServerLifecycle}, with the same factory and publishing the
 * same events, so beans that look it up or listen to them see no difference.
 *
 * @author Graceful Shutdown contributors
 */
final class SequencedGrpcServerLifecycle extends GrpcServerLifecycle {

	/**
	 * After Spring Boot's drain, with which the gRPC drain runs, and before the drain
	 * participants, which may still be given work by calls in flight.
	 */
	static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 128;

	private final GrpcServerDrain drain;

	private final Duration gracePeriod;

	private volatile boolean running;

	/**
	 * Take over a lifecycle.
	 * @param factory the factory of the server
	 * @param gracePeriod the server's grace period
	 * @param eventPublisher where the server's lifecycle events go
	 * @param drain the drain of the server
	 */
	SequencedGrpcServerLifecycle(GrpcServerFactory factory, Duration gracePeriod,
			ApplicationEventPublisher eventPublisher, GrpcServerDrain drain) {
		// No wait in Spring gRPC's own stop: the drain has waited already.
		super(factory, Duration.ZERO, eventPublisher);
		this.gracePeriod = gracePeriod;
		this.drain = drain;
	}

	@Override
	public void start() {
		super.start();
		this.running = true;
	}

	/**
	 * Running until stopped: the drain start shuts the server down, and the lifecycle
	 * processor would otherwise skip the stop that finishes the drain.
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void stop() {
		try {
			this.drain.drain(this, this.gracePeriod);
		}
		finally {
			this.running = false;
			super.stop();
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	Duration getGracePeriod() {
		return this.gracePeriod;
	}

}

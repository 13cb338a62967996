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

package io.github.gracefulshutdown;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what happened to application traffic once shutdown began: the requests that
 * still arrived (late arrivals, which show how long load balancers kept routing here),
 * the connections the starter closed, the streams it ended, the requests the drain had
 * to abort, what each {@link DrainParticipant} took and aborted, and the shutdowns a
 * preStop call began that were abandoned. Requests
 * to actuator endpoints and probes are not application traffic and are not counted.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class ShutdownStatistics {

	private final ShutdownTimeline timeline;

	private final LongAdder lateRequestsWhilePropagating = new LongAdder();

	private final LongAdder lateRequestsWhileDraining = new LongAdder();

	private final AtomicLong lastLateRequestNanos = new AtomicLong(-1);

	private final AtomicLong lastLateConnectionNanos = new AtomicLong(-1);

	private final LongAdder connectionsToldToClose = new LongAdder();

	private final LongAdder idleConnectionsClosed = new LongAdder();

	private final LongAdder streamsEnded = new LongAdder();

	private final LongAdder abortedRequests = new LongAdder();

	private final LongAdder lateGrpcCallsWhilePropagating = new LongAdder();

	private final LongAdder lateGrpcCallsWhileDraining = new LongAdder();

	private final LongAdder abortedGrpcCalls = new LongAdder();

	private final LongAdder abandonedShutdowns = new LongAdder();

	private volatile boolean budgetOverran;

	private final Map<String, ParticipantOutcome> participants = new ConcurrentHashMap<>();

	/**
	 * Create statistics for the given timeline.
	 * @param timeline the timeline that says whether shutdown has begun
	 */
	public ShutdownStatistics(ShutdownTimeline timeline) {
		this.timeline = timeline;
	}

	/**
	 * Record that an application request arrived.
	 */
	public void requestReceived() {
		lateArrival();
	}

	/**
	 * Count a request arriving now if shutdown has begun.
	 * @return the phase it arrived in
	 */
	private ShutdownPhase lateArrival() {
		ShutdownPhase phase = this.timeline.getPhase();
		if (phase == ShutdownPhase.RUNNING) {
			return phase;
		}
		if (phase == ShutdownPhase.PROPAGATING) {
			this.lateRequestsWhilePropagating.increment();
		}
		else {
			this.lateRequestsWhileDraining.increment();
		}
		long sinceShutdownBegan = this.timeline.sinceShutdownBegan().toNanos();
		this.lastLateRequestNanos.accumulateAndGet(sinceShutdownBegan, Math::max);
		return phase;
	}

	/**
	 * Record that a connection arrived that no {@link OpenConnections} counts (a gRPC
	 * server's): traffic for a quiet period, though not a request, so neither a late
	 * request nor part of the observed propagation lag.
	 */
	public void connectionArrived() {
		if (this.timeline.getPhase() == ShutdownPhase.RUNNING) {
			return;
		}
		long sinceShutdownBegan = this.timeline.sinceShutdownBegan().toNanos();
		this.lastLateConnectionNanos.accumulateAndGet(sinceShutdownBegan, Math::max);
	}

	/**
	 * Record that a gRPC call arrived: a request as any other, also counted apart.
	 */
	public void grpcCallReceived() {
		// The phase the call was counted in, so that the gRPC share never disagrees with
		// the total at a phase change.
		ShutdownPhase phase = lateArrival();
		if (phase == ShutdownPhase.PROPAGATING) {
			this.lateGrpcCallsWhilePropagating.increment();
		}
		else if (phase != ShutdownPhase.RUNNING) {
			this.lateGrpcCallsWhileDraining.increment();
		}
	}

	/**
	 * Record that gRPC calls were still in flight when the drain ended: aborted
	 * requests, also counted apart.
	 * @param count how many
	 */
	public void grpcCallsAborted(int count) {
		requestsAborted(count);
		this.abortedGrpcCalls.add(count);
	}

	/**
	 * Return how many of the {@link #lateRequests(ShutdownPhase) late requests} of the
	 * given phase were gRPC calls.
	 * @param phase {@link ShutdownPhase#PROPAGATING} or {@link ShutdownPhase#DRAINING}
	 * @return the number of late gRPC calls in that phase, 0 for other phases
	 */
	public long lateGrpcCalls(ShutdownPhase phase) {
		return switch (phase) {
			case PROPAGATING -> this.lateGrpcCallsWhilePropagating.sum();
			case DRAINING -> this.lateGrpcCallsWhileDraining.sum();
			default -> 0;
		};
	}

	/**
	 * Return how many of the {@link #abortedRequests() aborted requests} were gRPC
	 * calls.
	 * @return the number of aborted gRPC calls
	 */
	public long abortedGrpcCalls() {
		return this.abortedGrpcCalls.sum();
	}

	/**
	 * Record that a response asked its client to close the connection.
	 */
	public void connectionToldToClose() {
		this.connectionsToldToClose.increment();
	}

	/**
	 * Record that idle keep-alive connections were closed when the drain started.
	 * @param count how many
	 */
	public void idleConnectionsClosed(int count) {
		this.idleConnectionsClosed.add(count);
	}

	/**
	 * Record that an open stream was ended when the drain started.
	 */
	public void streamEnded() {
		this.streamsEnded.increment();
	}

	/**
	 * Record that requests were still in flight when the drain ended.
	 * @param count how many
	 */
	public void requestsAborted(int count) {
		this.abortedRequests.add(count);
	}

	/**
	 * Record that a shutdown begun by a preStop call was abandoned, no shutdown having
	 * followed. The counts stay, as counters do; the time of the last late arrival, which
	 * is counted from the start of that shutdown, and whether its budget overran, are
	 * forgotten, so that a later shutdown is measured on its own.
	 */
	void shutdownAbandoned() {
		this.abandonedShutdowns.increment();
		this.lastLateRequestNanos.set(-1);
		this.lastLateConnectionNanos.set(-1);
		this.budgetOverran = false;
	}

	/**
	 * Record that the shutdown overran the termination grace period: the propagation
	 * delay had to be cut to fit, so load balancers may still have routed here, or the
	 * whole took longer than the grace period minus the safety margin.
	 */
	void recordBudgetOverrun() {
		this.budgetOverran = true;
	}

	/**
	 * Return whether the shutdown overran the termination grace period.
	 * @return whether the propagation delay was cut, or the whole took too long
	 */
	public boolean budgetOverran() {
		return this.budgetOverran;
	}

	/**
	 * Record that a drain participant is done.
	 * @param name the name of the participant
	 * @param took how long it took to stop accepting work and finish
	 * @param abortedTasks how many of its tasks it aborted
	 */
	public void participantFinished(String name, Duration took, int abortedTasks) {
		this.participants.merge(name, new ParticipantOutcome(took, abortedTasks), ParticipantOutcome::plus);
	}

	/**
	 * Return how long the given drain participant took, {@link Duration#ZERO} until it
	 * has finished.
	 * @param name the name of the participant
	 * @return the time it took
	 */
	public Duration participantDuration(String name) {
		ParticipantOutcome outcome = this.participants.get(name);
		return (outcome != null) ? outcome.took() : Duration.ZERO;
	}

	/**
	 * Return how many tasks the given drain participant aborted.
	 * @param name the name of the participant
	 * @return the number of aborted tasks
	 */
	public long participantAbortedTasks(String name) {
		ParticipantOutcome outcome = this.participants.get(name);
		return (outcome != null) ? outcome.abortedTasks() : 0;
	}

	/**
	 * Return how long the drain participants took together.
	 * @return the time they took
	 */
	public Duration participantsDuration() {
		return this.participants.values().stream().map(ParticipantOutcome::took).reduce(Duration.ZERO, Duration::plus);
	}

	/**
	 * Return how many tasks the drain participants aborted together.
	 * @return the number of aborted tasks
	 */
	public long participantsAbortedTasks() {
		return this.participants.values().stream().mapToLong(ParticipantOutcome::abortedTasks).sum();
	}

	/**
	 * Return how many application requests arrived in the given phase.
	 * @param phase {@link ShutdownPhase#PROPAGATING} or {@link ShutdownPhase#DRAINING}
	 * @return the number of late requests in that phase, 0 for other phases
	 */
	public long lateRequests(ShutdownPhase phase) {
		return switch (phase) {
			case PROPAGATING -> this.lateRequestsWhilePropagating.sum();
			case DRAINING -> this.lateRequestsWhileDraining.sum();
			default -> 0;
		};
	}

	/**
	 * Return when, since shutdown began, the last application request, or connection no
	 * {@link OpenConnections} counts, arrived: what ends a quiet period.
	 * @return the time of the last late arrival, {@link Duration#ZERO} if none
	 */
	Duration lastLateArrival() {
		return since(Math.max(this.lastLateRequestNanos.get(), this.lastLateConnectionNanos.get()));
	}

	private static Duration since(long nanos) {
		return (nanos >= 0) ? Duration.ofNanos(nanos) : Duration.ZERO;
	}

	/**
	 * Return the observed propagation lag: the time from the start of shutdown to the
	 * last application request that arrived after it, {@link Duration#ZERO} if none did.
	 * A lag close to the propagation delay means the delay is barely long enough.
	 * @return the observed propagation lag
	 */
	public Duration observedPropagationLag() {
		return since(this.lastLateRequestNanos.get());
	}

	public long connectionsToldToClose() {
		return this.connectionsToldToClose.sum();
	}

	public long idleConnectionsClosed() {
		return this.idleConnectionsClosed.sum();
	}

	public long streamsEnded() {
		return this.streamsEnded.sum();
	}

	public long abortedRequests() {
		return this.abortedRequests.sum();
	}

	/**
	 * Return how many shutdowns a preStop call began and the application then abandoned,
	 * because no shutdown followed within the bound.
	 * @return the number of abandoned shutdowns
	 */
	public long abandonedShutdowns() {
		return this.abandonedShutdowns.sum();
	}

	private record ParticipantOutcome(Duration took, long abortedTasks) {

		ParticipantOutcome plus(ParticipantOutcome other) {
			return new ParticipantOutcome(this.took.plus(other.took), this.abortedTasks + other.abortedTasks);
		}

	}

}

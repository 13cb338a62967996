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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * {@link SmartLifecycle} that runs the propagation phase: on shutdown it takes readiness
 * down, keeps the web server accepting and serving for the propagation delay so that
 * load balancers stop routing here, then lets Spring Boot's graceful shutdown drain the
 * server.
 * <p>
 * Higher phases stop first, so this bean stops at {@link #PHASE}, before
 * {@code webServerGracefulShutdown} closes the connectors at
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}. Spring gives each phase
 * its own {@code spring.lifecycle.timeout-per-shutdown-phase}; the auto-configuration
 * sizes the timeout of this phase to the propagation delay.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class GracefulShutdownLifecycle
		implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	/**
	 * The phase of this lifecycle: after beans in the default phase stop and before the
	 * web server's graceful shutdown starts.
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;

	private static final Log logger = LogFactory.getLog(GracefulShutdownLifecycle.class);

	private static final long QUEUE_POLL_NANOS = Duration.ofMillis(5).toNanos();

	// A request taken off the queue still has to get past the server's own check that it
	// is not paused: the queue must stay empty a little while before the server pauses.
	private static final long QUEUE_SETTLE_NANOS = Duration.ofMillis(50).toNanos();

	private final ShutdownTimeline timeline;

	private final Duration propagationDelay;

	private final ApplicationEventPublisher eventPublisher;

	private final ApplicationAvailability availability;

	private final List<DrainStartListener> drainStartListeners;

	private final CompletableFuture<@Nullable Void> propagationOver = new CompletableFuture<>();

	private volatile boolean running;

	private volatile boolean everReady;

	private @Nullable GracePeriodDeadline deadline;

	private Duration drainTimeout = Duration.ZERO;

	private Consumer<Duration> drainTimeoutCut = (drainTimeout) -> {
	};

	private List<QueuedRequests> queuedRequests = List.of();

	private @Nullable TrafficDeparture trafficDeparture;

	/**
	 * Create a new {@link GracefulShutdownLifecycle}.
	 * @param timeline the timeline to advance
	 * @param propagationDelay how long to keep serving after readiness went down
	 * @param eventPublisher the publisher of the readiness change
	 * @param availability the current availability, so readiness is published once
	 * @param drainStartListeners callbacks to run as the drain starts
	 */
	public GracefulShutdownLifecycle(ShutdownTimeline timeline, Duration propagationDelay,
			ApplicationEventPublisher eventPublisher, ApplicationAvailability availability,
			List<DrainStartListener> drainStartListeners) {
		this.timeline = timeline;
		this.propagationDelay = propagationDelay;
		this.eventPublisher = eventPublisher;
		this.availability = availability;
		this.drainStartListeners = List.copyOf(drainStartListeners);
	}

	/**
	 * Fit the sequence in what is left of the pod's grace period: when less is left than
	 * the propagation delay and the drain timeout need, the drain timeout is cut first,
	 * then the propagation delay, and what was cut is logged.
	 * @param deadline when the kubelet will send SIGKILL
	 * @param drainTimeout the configured drain timeout
	 * @param drainTimeoutCut applies a shorter drain timeout, called as the drain starts
	 */
	public void setGracePeriodDeadline(GracePeriodDeadline deadline, Duration drainTimeout,
			Consumer<Duration> drainTimeoutCut) {
		this.deadline = deadline;
		this.drainTimeout = drainTimeout;
		this.drainTimeoutCut = drainTimeoutCut;
	}

	/**
	 * Wait, as the drain starts and within the drain timeout, for requests queued for a
	 * worker thread to start before the server stops accepting.
	 * @param queuedRequests the queues of the web server
	 */
	public void setQueuedRequests(List<QueuedRequests> queuedRequests) {
		this.queuedRequests = List.copyOf(queuedRequests);
	}

	/**
	 * End the propagation phase as soon as traffic has moved away, the propagation delay
	 * becoming its maximum.
	 * @param trafficDeparture what tells that traffic has moved away
	 */
	public void setTrafficDeparture(TrafficDeparture trafficDeparture) {
		this.trafficDeparture = trafficDeparture;
	}

	/**
	 * Remember that the application reported ready: only then may a load balancer be
	 * routing to it. Spring Boot takes readiness down itself as the context closes, so
	 * the state at shutdown does not tell.
	 * @param event the readiness change
	 */
	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.everReady = true;
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		beginPropagation();
		this.propagationOver.whenComplete((result, failure) -> {
			Duration drainTimeout = beginDrain();
			if (queuedRequests() == 0) {
				applyDrainTimeout(drainTimeout, Duration.ZERO);
				callback.run();
				return;
			}
			// Waiting may take seconds: not on the JDK's shared delay scheduler.
			Thread waiter = new Thread(() -> {
				try {
					applyDrainTimeout(drainTimeout, awaitQueuedRequests(drainTimeout));
				}
				finally {
					callback.run();
				}
			}, "graceful-shutdown-queued-requests");
			waiter.setDaemon(true);
			waiter.start();
		});
	}

	/**
	 * Enter the propagation phase: take readiness down, start answering every request
	 * with {@code Connection: close}, and end the phase after the propagation delay. Does
	 * nothing if shutdown has already begun, so the delay never runs twice: a shutdown
	 * that follows waits only for what is left of it. An application that never reported
	 * ready, stopped while still starting, was never an endpoint of any load balancer, so
	 * it skips the delay.
	 */
	public void beginPropagation() {
		if (!this.timeline.advanceTo(ShutdownPhase.PROPAGATING)) {
			return;
		}
		ReadinessState readiness = this.availability.getReadinessState();
		if (readiness != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.eventPublisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		if (!this.everReady && readiness != ReadinessState.ACCEPTING_TRAFFIC) {
			logger.info("Skipping the propagation phase: the application never reported ready, so no load "
					+ "balancer routes traffic here");
			this.propagationOver.complete(null);
			return;
		}
		Duration delay = this.propagationDelay;
		Duration left = timeLeft();
		if (left != null && left.compareTo(delay) < 0) {
			logger.warn("Only " + format(left) + " of the grace period left: cutting the propagation delay from "
					+ format(delay) + " to " + format(left) + ", and the drain timeout to 0, to exit before SIGKILL");
			delay = left;
		}
		TrafficDeparture departure = this.trafficDeparture;
		boolean adaptive = departure != null && departure.getMinimum().compareTo(delay) < 0;
		logger.info("Commencing propagation phase: readiness is down, serving for "
				+ (adaptive ? "between " + format(departure.getMinimum()) + " and " : "") + format(delay)
				+ " while load balancers stop routing here; responses now ask clients to close their connections");
		if (delay.isZero()) {
			this.propagationOver.complete(null);
			return;
		}
		this.propagationOver.completeOnTimeout(null, delay.toNanos(), TimeUnit.NANOSECONDS);
		if (adaptive) {
			departure.watch(this.propagationOver);
		}
	}

	/**
	 * Wait for the end of the propagation phase.
	 * @param timeout how long to wait at most
	 * @return whether the phase is over
	 */
	public boolean awaitEndOfPropagation(Duration timeout) {
		try {
			this.propagationOver.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Propagation phase failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Return the propagation delay.
	 * @return the propagation delay
	 */
	public Duration getPropagationDelay() {
		return this.propagationDelay;
	}

	/**
	 * End the propagation phase now instead of at the end of the delay. Does nothing
	 * before the phase has begun or after it is over.
	 */
	public void endPropagation() {
		if (this.timeline.isShuttingDown()) {
			this.propagationOver.complete(null);
		}
	}

	private @Nullable Duration timeLeft() {
		return (this.deadline != null) ? this.deadline.remaining() : null;
	}

	/**
	 * Enter the drain phase.
	 * @return the time the drain may take: the drain timeout, or what is left of the
	 * grace period if that is less
	 */
	private Duration beginDrain() {
		if (!this.timeline.advanceTo(ShutdownPhase.DRAINING)) {
			return this.drainTimeout;
		}
		logger.info("Propagation phase over after " + format(this.timeline.timeIn(ShutdownPhase.PROPAGATING))
				+ "; draining: no new connections, waiting for in-flight requests");
		Duration drainTimeout = this.drainTimeout;
		Duration left = timeLeft();
		if (left != null && left.compareTo(drainTimeout) < 0) {
			if (left.compareTo(Duration.ZERO) > 0) {
				logger.warn("Only " + format(left) + " of the grace period left: cutting the drain timeout from "
						+ format(drainTimeout) + " to " + format(left) + " to exit before SIGKILL");
			}
			drainTimeout = left;
		}
		for (DrainStartListener listener : this.drainStartListeners) {
			try {
				listener.onDrainStart();
			}
			catch (RuntimeException ex) {
				logger.warn("Drain start listener " + listener + " failed", ex);
			}
		}
		return drainTimeout;
	}

	private int queuedRequests() {
		int queued = 0;
		for (QueuedRequests queue : this.queuedRequests) {
			queued += queue.count();
		}
		return queued;
	}

	/**
	 * Wait, within the drain timeout, until no request waits for a worker thread any
	 * more: once the server stops accepting, it would close those unanswered.
	 * @return how long the wait took
	 */
	private Duration awaitQueuedRequests(Duration drainTimeout) {
		long started = System.nanoTime();
		int queued = queuedRequests();
		logger.info(queued + " request(s) queued for a worker thread: waiting for them to start before the server "
				+ "stops accepting");
		long emptySince = -1;
		while (System.nanoTime() - started < drainTimeout.toNanos()) {
			LockSupport.parkNanos(QUEUE_POLL_NANOS);
			queued = queuedRequests();
			if (queued > 0) {
				emptySince = -1;
			}
			else if (emptySince < 0) {
				emptySince = System.nanoTime();
			}
			else if (System.nanoTime() - emptySince >= QUEUE_SETTLE_NANOS) {
				break;
			}
		}
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		if (queued > 0) {
			logger.warn(queued + " request(s) still queued for a worker thread after " + format(waited)
					+ ": the drain timeout is over");
		}
		else {
			logger.info("Queued requests started after " + format(waited));
		}
		return waited;
	}

	/**
	 * Give Spring Boot's graceful shutdown what is left of the drain timeout, when less
	 * than configured is left.
	 */
	private void applyDrainTimeout(Duration drainTimeout, Duration waited) {
		if (drainTimeout.equals(this.drainTimeout) && waited.isZero()) {
			return;
		}
		Duration rest = drainTimeout.minus(waited);
		this.drainTimeoutCut.accept(rest.isNegative() ? Duration.ZERO : rest);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}

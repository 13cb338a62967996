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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link SmartLifecycle} that starts the shutdown sequence: as the context closes it
 * takes readiness down, keeps the web server serving through the propagation phase, runs
 * the drain-start steps, and only then hands over to Spring Boot's graceful shutdown,
 * which drains the server. All of it on the thread that closes the context.
 * <p>
 * Higher phases stop first: this bean stops at {@link #PHASE}, before
 * {@code webServerGracefulShutdown} at
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}; the drain participants
 * run at {@link #PARTICIPANTS_PHASE}, right after the drain, and the final report at
 * {@link #REPORT_PHASE}, before the web server stops, and the optional wait for the
 * final scrape at {@link #FINAL_SCRAPE_PHASE}. Give a bean of your own a phase
 * above {@link #PHASE} to stop it before the propagation phase, or below
 * {@link #PARTICIPANTS_PHASE} to stop it once the drain participants are done.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class GracefulShutdownLifecycle extends ShutdownStepLifecycle {

	/**
	 * The phase of this lifecycle: after beans in the default phase stop and before the
	 * web server's graceful shutdown starts.
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;

	/**
	 * The phase in which the drain participants run: after the web server's graceful
	 * shutdown.
	 */
	public static final int PARTICIPANTS_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 256;

	/**
	 * The phase in which the requests the drain left are counted and the final report is
	 * logged: after the drain participants, before the web server stops, and before the
	 * management server's own context closes (Spring Boot closes it at
	 * {@code GRACEFUL_SHUTDOWN_PHASE - 512}), so that the final figures can still be
	 * scraped from a management port of its own.
	 */
	public static final int REPORT_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 384;

	/**
	 * The phase in which the exit waits, when
	 * {@code graceful-shutdown.metrics.await-final-scrape} is set, for the Prometheus
	 * endpoint to be scraped once the final figures are set: after the report, before
	 * the management server's context closes.
	 */
	public static final int FINAL_SCRAPE_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 448;

	GracefulShutdownLifecycle(ShutdownSequence sequence) {
		super(PHASE, sequence);
	}

	/**
	 * Begin the propagation phase now, ahead of the context close. Does nothing if
	 * shutdown has already begun. Unlike {@link #preStop(String)}, nothing undoes it: the
	 * caller is expected to close the context.
	 */
	public void beginPropagation() {
		sequence().beginPropagation();
	}

	/**
	 * Wait, on the calling thread, for the propagation phase to end.
	 * @return whether it is over: {@code false} if shutdown has not begun or the thread
	 * was interrupted
	 */
	public boolean awaitEndOfPropagation() {
		sequence().awaitEndOfPropagation();
		return sequence().isPropagationOver();
	}

	/**
	 * What the preStop hook does: begin the propagation phase, wait on the calling thread
	 * for its end, then expect the context to start closing, as it does when the kubelet
	 * sends SIGTERM after its hook returns. If it does not within 10 seconds of this
	 * method returning (less if less is left of the pod's grace period), no pod deletion
	 * made the call, and the shutdown is abandoned: readiness goes up again, responses no
	 * longer ask clients to close their connections, a warning names the caller, and a
	 * later shutdown runs in full.
	 * @param caller the caller's address, for that warning, or an empty string if unknown
	 * @return whether the propagation phase is over: {@code false} if the thread was
	 * interrupted, or if an earlier preStop call's shutdown was abandoned meanwhile
	 */
	public boolean preStop(String caller) {
		ShutdownSequence sequence = sequence();
		sequence.preStopCalled(caller);
		sequence.beginPropagation();
		try {
			sequence.awaitEndOfPropagation();
			return sequence.isPropagationOver();
		}
		finally {
			sequence.preStopAnswered(caller);
		}
	}

	/**
	 * Return the propagation delay: how long the propagation phase lasts at most.
	 * @return the propagation delay
	 */
	public Duration getPropagationDelay() {
		return sequence().getPropagationDelay();
	}

	/**
	 * Return what is left of the drain timeout, itself cut to what is left of the pod's
	 * grace period: the time a server draining beside Spring Boot's own (a gRPC server)
	 * may still take.
	 * @return the time left, never negative, or {@code null} if no drain has started
	 */
	public @Nullable Duration getDrainTimeLeft() {
		return sequence().drainTimeLeft();
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable handOverToDrain) {
		try {
			super.stop();
		}
		finally {
			handOverToDrain.run();
		}
	}

	@Override
	void runStep(ShutdownSequence sequence) {
		sequence.beginPropagation();
		sequence.awaitEndOfPropagation();
		sequence.startDrain();
	}

}

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
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * The shutdown sequence, step by step, in the order a SIGTERM meets it. Each step runs on
 * the thread that calls it, the context close's (or, for the propagation phase, the
 * preStop call's), and this is the one place that moves the {@link ShutdownTimeline}:
 * <ol>
 * <li>{@link #beginPropagation()}: readiness down, every HTTP/1.1 response now says
 * {@code Connection: close};</li>
 * <li>{@link #awaitEndOfPropagation()}: keep serving until the {@link PropagationEnd}
 * says traffic has moved away, at most the propagation delay;</li>
 * <li>{@link #startDrain()}: the {@link DrainStart} steps, whose time is charged to the
 * drain timeout, then Spring Boot's graceful shutdown gets what is left of it;</li>
 * <li>{@link #runParticipants()}: executors and schedulers finish, after the HTTP
 * drain;</li>
 * <li>{@link #finish()}: count what the drain aborted, and report, in the log and in the
 * {@link TerminationMessage};</li>
 * <li>{@link #awaitFinalScrape}, when configured: hold the exit until the final figures
 * have been scraped.</li>
 * </ol>
 * What started the shutdown, the {@link ShutdownTrigger}, is recorded first: by the
 * signal handler ({@link ShutdownSignals}), the preStop call, or else the context's
 * close. From the start of the grace period's countdown the {@link LastGasp} waits to
 * say what still runs should the close outlive it.
 * Only a close of the context this sequence lives in, or the preStop call, starts it: a
 * child context closing, {@code context.pause()} or a stop for a restart (a CRaC
 * checkpoint) leaves the application serving as before, and a test's MOCK web
 * environment, which has no server, never runs it.
 * <p>
 * A preStop call is the one start that can be undone: when no SIGTERM follows it, the
 * {@link PreStopWatch} has the sequence {@link #abandon abandon} it, back to serving.
 * Beginning the propagation phase, marking the context as closing and abandoning all hold
 * {@link #lock}: an abandon either completes before the close begins, which then runs the
 * whole sequence, or finds the context closing and leaves the shutdown alone.
 *
 * @author Graceful Shutdown contributors
 */
final class ShutdownSequence implements SmartApplicationListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(ShutdownSequence.class);

	/**
	 * How much of the budget a shutdown may overrun and still be clean: the moments
	 * between the start of the grace period's countdown and the start of a phase, which
	 * would otherwise make a sequence that fits its grace period exactly always unclean.
	 */
	static final Duration OVERRUN_TOLERANCE = Duration.ofMillis(250);

	private final ApplicationContext context;

	private final Readiness readiness;

	private final ShutdownTimeline timeline;

	private final GracePeriodDeadline deadline;

	private final Duration propagationDelay;

	private final PropagationEnd propagationEnd;

	private final DrainStart drainStart;

	private final DrainTimeout drainTimeout;

	private final DrainParticipants participants;

	private final DrainOutcome outcome;

	private final boolean serverless;

	private final ShutdownStatistics statistics;

	private final PreStopWatch preStopWatch;

	private final TerminationMessage terminationMessage;

	private final LastGasp lastGasp;

	private final ShutdownProgress progress;

	/**
	 * Guards the starts of a shutdown (the propagation phase, the context's close)
	 * against abandoning one, and the preStop state below.
	 */
	private final Object lock = new Object();

	private volatile boolean contextClosing;

	private volatile long propagationEndsBy;

	private volatile boolean propagationOver;

	/**
	 * When the drain timeout, cut to the grace period, is over: {@code 0} until the drain
	 * starts. Servers that drain outside Spring Boot's phase (gRPC) wait until then.
	 */
	private volatile long drainEndsBy;

	ShutdownSequence(ApplicationContext context, ApplicationAvailability availability, ShutdownTimeline timeline,
			GracePeriodDeadline deadline, Duration propagationDelay, PropagationEnd propagationEnd,
			DrainStart drainStart, DrainTimeout drainTimeout, DrainParticipants participants, DrainOutcome outcome,
			ShutdownStatistics statistics, PreStopBound preStopBound, TerminationMessage terminationMessage,
			ShutdownProgress progress) {
		this.context = context;
		this.readiness = new Readiness(context, availability);
		this.timeline = timeline;
		this.deadline = deadline;
		this.propagationDelay = propagationDelay;
		this.propagationEnd = propagationEnd;
		this.drainStart = drainStart;
		this.drainTimeout = drainTimeout;
		this.participants = participants;
		this.outcome = outcome;
		this.statistics = statistics;
		this.preStopWatch = new PreStopWatch(preStopBound, deadline, this::abandon);
		this.terminationMessage = terminationMessage;
		this.progress = progress;
		this.lastGasp = new LastGasp(deadline, progress, terminationMessage);
		// A test's MOCK web environment: no server, so nothing to propagate or drain.
		this.serverless = !(context instanceof WebServerApplicationContext)
				&& TestContexts.isTestContext(context.getEnvironment());
	}

	/**
	 * Whether a stop of the lifecycle beans is a shutdown: the context is closing, or the
	 * preStop call began one. Any other stop is for a restart.
	 */
	boolean isShuttingDown() {
		return this.contextClosing || this.timeline.isShuttingDown();
	}

	Duration getPropagationDelay() {
		return this.propagationDelay;
	}

	/**
	 * Describe how long the propagation phase lasts, as its first log line does.
	 * @return such as {@code 5s} or {@code between 2s and 10s}
	 */
	String describePropagation() {
		return this.propagationEnd.describe(this.propagationDelay);
	}

	/**
	 * Step 1. Take readiness down and start telling clients to close their connections.
	 * Only the first call does anything: a second signal or preStop call joins the phase
	 * under way. An application that never reported ready was never an endpoint of any
	 * load balancer, so its phase ends at once.
	 */
	void beginPropagation() {
		synchronized (this.lock) {
			if (!this.timeline.advanceTo(ShutdownPhase.PROPAGATING)) {
				return;
			}
			this.deadline.start();
			this.lastGasp.arm();
			if (!this.readiness.takeDown()) {
				logger.info("Skipping the propagation phase" + describeTrigger() + ": the application never "
						+ "reported ready, so no load balancer routes traffic here");
				this.propagationOver = true;
				return;
			}
			Duration delay = this.deadline.cap(this.propagationDelay, "propagation delay");
			if (this.propagationDelay.minus(delay).compareTo(OVERRUN_TOLERANCE) > 0) {
				// Load balancers may still route here when the drain begins.
				this.statistics.recordBudgetOverrun();
			}
			this.propagationEndsBy = System.nanoTime() + delay.toNanos();
			logger.info("Commencing propagation phase" + describeTrigger() + ": readiness is down, serving for "
					+ this.propagationEnd.describe(delay) + " while load balancers stop routing here; responses "
					+ "now ask clients to close their connections");
		}
	}

	private String describeTrigger() {
		ShutdownTrigger trigger = this.timeline.getTrigger();
		return (trigger != null) ? " on " + trigger.describe() : "";
	}

	/**
	 * Record that a preStop call starts the shutdown, unless something else did first.
	 * @param caller the address of the caller, or an empty string if unknown
	 */
	void preStopCalled(String caller) {
		this.timeline.recordTrigger(new ShutdownTrigger(ShutdownTrigger.Kind.PRESTOP, caller, Instant.now()));
	}

	/**
	 * Step 2. Wait, on the calling thread, until the propagation phase is over. Returns at
	 * once if it is over already, or if the thread is interrupted.
	 */
	void awaitEndOfPropagation() {
		if (this.propagationOver || !this.timeline.isShuttingDown()) {
			return;
		}
		try {
			this.propagationEnd.await(this.propagationEndsBy);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while propagating: draining now");
		}
		this.propagationOver = true;
	}

	boolean isPropagationOver() {
		return this.propagationOver;
	}

	/**
	 * After a preStop call has answered: unless the context starts closing within the
	 * {@link PreStopBound}, the {@link PreStopWatch} abandons the shutdown it began.
	 * @param caller the address of the caller, or an empty string if unknown
	 */
	void preStopAnswered(String caller) {
		synchronized (this.lock) {
			if (!this.contextClosing && this.timeline.getPhase() == ShutdownPhase.PROPAGATING) {
				this.preStopWatch.answered(caller);
			}
		}
	}

	/**
	 * Undo the shutdown a preStop call began, unless the context has started closing: the
	 * timeline back to running, readiness up if it was up before, the grace period's
	 * countdown forgotten, and the abandon counted and logged.
	 */
	private void abandon(String callers, Duration after) {
		synchronized (this.lock) {
			Duration outOfRotation = this.timeline.sinceShutdownBegan();
			// Drained meanwhile, by a stop of the context: nothing left to undo.
			if (this.contextClosing || !this.timeline.abandon()) {
				return;
			}
			this.deadline.reset();
			this.lastGasp.cancel();
			this.propagationOver = false;
			this.propagationEndsBy = 0;
			this.statistics.shutdownAbandoned();
			this.readiness.restore();
			logger.warn("Abandoning the shutdown begun by the preStop call from " + callers + " after "
					+ format(outOfRotation) + ": the application did not start closing within " + format(after)
					+ " of the call's answer, as it does when the kubelet sends SIGTERM after its hook. Readiness is "
					+ "as before the call and responses no longer ask clients to close their connections; a later "
					+ "shutdown runs in full. If no pod deletion made this call, find out what calls the preStop "
					+ "endpoint");
		}
	}

	/**
	 * Step 3. Enter the drain phase: run the drain-start steps (closing WebSockets, event
	 * streams and idle connections, waiting for queued requests) and give Spring Boot's
	 * graceful shutdown what they left of the drain timeout, itself cut to what is left of
	 * the grace period.
	 */
	void startDrain() {
		if (!this.timeline.advanceTo(ShutdownPhase.DRAINING)) {
			return;
		}
		logger.info("Propagation phase over after " + format(this.timeline.timeIn(ShutdownPhase.PROPAGATING))
				+ "; draining: no new connections, waiting for in-flight requests");
		Duration timeout = this.deadline.cap(this.drainTimeout.configured(), "drain timeout");
		this.drainEndsBy = Math.max(1, System.nanoTime() + timeout.toNanos());
		Duration took = this.drainStart.run(timeout);
		this.drainTimeout.apply(timeout.minus(took));
	}

	/**
	 * Return what is left of the drain timeout, cut to the grace period.
	 * @return the time left, never negative, or {@code null} if the drain has not started
	 */
	@Nullable Duration drainTimeLeft() {
		long endsBy = this.drainEndsBy;
		if (endsBy == 0) {
			return null;
		}
		return Duration.ofNanos(Math.max(0, endsBy - System.nanoTime()));
	}

	/**
	 * Step 4, after Spring Boot's drain: the drain participants, one after the other.
	 */
	void runParticipants() {
		this.participants.run(this.deadline);
	}

	/**
	 * Step 5. Count the requests the drain leaves unfinished, which the web server is
	 * about to abort, and log the final report.
	 */
	void finish() {
		// The web server's drain may have been skipped (server.shutdown=immediate, no
		// web server): the timeline still ends in STOPPED.
		this.timeline.advanceTo(ShutdownPhase.DRAINING);
		this.outcome.countAborted(this.timeline.timeIn(ShutdownPhase.DRAINING));
		if (this.deadline.overran(OVERRUN_TOLERANCE)) {
			this.statistics.recordBudgetOverrun();
		}
		this.timeline.advanceTo(ShutdownPhase.STOPPED);
		String report = "Graceful shutdown finished: " + this.outcome.report().toLogLine();
		logger.info(report);
		String aborted = this.outcome.abortedRequests();
		this.terminationMessage.write(aborted.isEmpty() ? report : report + "\nAborted requests: " + aborted);
	}

	/**
	 * The context's beans are being destroyed, the close nearly over: no last gasp is
	 * due any more.
	 */
	@Override
	public void destroy() {
		this.lastGasp.cancel();
	}

	/**
	 * Step 6, when configured: hold the exit until the final figures have been scraped,
	 * within what is left of the grace period.
	 * @param finalScrape the scrape to wait for
	 */
	void awaitFinalScrape(FinalScrape finalScrape) {
		finalScrape.await(this.deadline);
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ContextClosedEvent.class.isAssignableFrom(eventType)
				|| AvailabilityChangeEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context
				&& !this.serverless) {
			// The kubelet counts the grace period from the pod's deletion: the preStop
			// call or SIGTERM, whichever comes first. A child context's close is not it.
			// Under the lock, so that a preStop's abandon is either over or never runs.
			this.timeline.recordTrigger(ShutdownTrigger.contextClosing());
			this.progress.closingOn(Thread.currentThread());
			synchronized (this.lock) {
				this.contextClosing = true;
				this.deadline.start();
				this.lastGasp.arm();
			}
			this.preStopWatch.contextClosing();
		}
		else if (event instanceof AvailabilityChangeEvent<?> change
				&& change.getState() instanceof ReadinessState state) {
			this.readiness.changed(state);
		}
	}

}

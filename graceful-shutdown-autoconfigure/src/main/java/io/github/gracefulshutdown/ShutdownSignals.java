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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Handles SIGTERM and SIGINT for the application the JVM runs for, so that a pod's exit
 * status says how its shutdown went. Left to the JVM, either signal exits with 128 plus
 * its number (143, 130) however clean the shutdown was, which Kubernetes reports as
 * {@code Reason: Error}. Here the signal is recorded as the shutdown's
 * {@link ShutdownTrigger}, the context is closed on a thread of its own, and the JVM
 * exits with 0 if the {@link ShutdownReport#isClean() shutdown was clean} and with the
 * unclean status otherwise. {@link System#exit(int)} still runs every JVM shutdown hook,
 * the logging system's and tracing exporters' included, and Spring Boot's finds the
 * context closed already.
 * <p>
 * With the exit status disabled, the signal is only recorded, and the JVM's own handler
 * runs as before. Handlers are installed once the context is refreshed, for one context
 * per JVM, and only for a root context that Spring Boot's shutdown hook closes: an
 * application that unregistered that hook ({@code setRegisterShutdownHook(false)})
 * manages its own shutdown, and a second application in the JVM is not the one it runs
 * for. A context that closes otherwise hands the signals back to the JVM's handlers.
 *
 * @author Graceful Shutdown contributors
 */
final class ShutdownSignals implements ApplicationListener<ContextRefreshedEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(ShutdownSignals.class);

	/**
	 * The listener Spring Boot's shutdown hook adds to each context it will close; its
	 * type is not API, so a context without it simply keeps the JVM's handlers.
	 */
	private static final String SHUTDOWN_HOOK_LISTENER = "org.springframework.boot.SpringApplicationShutdownHook"
			+ "$ApplicationContextClosedListener";

	/**
	 * Whether a context of this JVM handles the signals.
	 */
	private static final AtomicBoolean installed = new AtomicBoolean();

	private final ConfigurableApplicationContext context;

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final InFlightRequests inFlightRequests;

	private final boolean exitStatus;

	private final int uncleanStatus;

	private final AtomicBoolean exiting = new AtomicBoolean();

	private final List<Installed> handlers = new ArrayList<>();

	ShutdownSignals(ConfigurableApplicationContext context, ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, GracefulShutdownProperties.ExitStatus exitStatus) {
		this.context = context;
		this.timeline = timeline;
		this.statistics = statistics;
		this.inFlightRequests = inFlightRequests;
		this.exitStatus = exitStatus.isEnabled();
		this.uncleanStatus = exitStatus.getUnclean();
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context || !this.handlers.isEmpty()
				|| TestContexts.isTestContext(this.context.getEnvironment())) {
			// A test's context must leave the JVM's signals alone: the JVM runs the tests.
			return;
		}
		if (this.context.getParent() != null || !closedByShutdownHook(this.context)) {
			logger.debug("Not handling SIGTERM and SIGINT: Spring Boot's shutdown hook does not close this context");
			return;
		}
		if (!installed.compareAndSet(false, true)) {
			logger.debug("Not handling SIGTERM and SIGINT: another application context of this JVM does");
			return;
		}
		install("TERM", ShutdownTrigger.Kind.SIGTERM);
		install("INT", ShutdownTrigger.Kind.SIGINT);
	}

	private static boolean closedByShutdownHook(ConfigurableApplicationContext context) {
		return context instanceof AbstractApplicationContext abstractContext
				&& abstractContext.getApplicationListeners()
					.stream()
					.anyMatch((listener) -> listener.getClass().getName().equals(SHUTDOWN_HOOK_LISTENER));
	}

	private void install(String name, ShutdownTrigger.Kind kind) {
		try {
			Signal signal = new Signal(name);
			Handler handler = new Handler(kind);
			handler.previous = Signal.handle(signal, handler);
			this.handlers.add(new Installed(signal, handler.previous));
		}
		catch (IllegalArgumentException ex) {
			// The JVM does not let applications handle it (-Xrs, or no such signal here).
			logger.debug("Not handling SIG" + name + ": " + ex.getMessage());
		}
	}

	/**
	 * Give the signals back to the JVM's handlers when the context closes for any other
	 * reason than one of them, so that a later signal does what it did before.
	 */
	@Override
	public void destroy() {
		if (this.exiting.get()) {
			return;
		}
		for (Installed handler : this.handlers) {
			if (handler.previous() != null) {
				Signal.handle(handler.signal(), handler.previous());
			}
		}
		if (!this.handlers.isEmpty()) {
			this.handlers.clear();
			installed.set(false);
		}
	}

	/**
	 * Close the context, then exit with the status its shutdown earned. A second signal
	 * during the close starts nothing: the close under way is the one.
	 */
	private void closeAndExit() {
		int status = this.uncleanStatus;
		try {
			this.context.close();
			status = exitStatus(ShutdownReport.capture(this.timeline, this.statistics, this.inFlightRequests),
					this.uncleanStatus);
		}
		finally {
			System.exit(status);
		}
	}

	/**
	 * Return the status a shutdown with the given report exits with.
	 * @param report the final report
	 * @param uncleanStatus the status when the shutdown was not clean
	 * @return 0 or the unclean status
	 */
	static int exitStatus(ShutdownReport report, int uncleanStatus) {
		return report.isClean() ? 0 : uncleanStatus;
	}

	private final class Handler implements SignalHandler {

		private final ShutdownTrigger.Kind kind;

		private @Nullable SignalHandler previous;

		Handler(ShutdownTrigger.Kind kind) {
			this.kind = kind;
		}

		@Override
		public void handle(Signal signal) {
			ShutdownSignals signals = ShutdownSignals.this;
			signals.timeline.recordTrigger(ShutdownTrigger.now(this.kind));
			if (!signals.exitStatus) {
				delegate(signal);
				return;
			}
			if (signals.exiting.compareAndSet(false, true)) {
				// Not on the JVM's signal thread, which must stay free for a later signal;
				// not a daemon, so that the JVM waits for the exit status.
				Thread exit = new Thread(signals::closeAndExit, "graceful-shutdown-exit");
				exit.setDaemon(false);
				exit.start();
			}
		}

		/**
		 * Let the JVM's own handler run, as if this one were not there.
		 */
		private void delegate(Signal signal) {
			SignalHandler previous = this.previous;
			if (previous == null || previous == SignalHandler.SIG_IGN) {
				return;
			}
			if (previous == SignalHandler.SIG_DFL) {
				// The operating system's default: nothing to call, so raise it again.
				Signal.handle(signal, previous);
				Signal.raise(signal);
				return;
			}
			previous.handle(signal);
		}

	}

	private record Installed(Signal signal, @Nullable SignalHandler previous) {

	}

}

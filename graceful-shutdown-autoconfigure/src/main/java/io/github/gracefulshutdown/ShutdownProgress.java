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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.LifecycleProcessor;

import static io.github.gracefulshutdown.DurationFormat.format;

/**
 * What a shutdown is still doing, in one line: its phase, the requests in flight with
 * their method and path, the drain participant running, the lifecycle beans that have
 * not stopped yet, and where the thread closing the context is. The {@link LastGasp}
 * says it before SIGKILL.
 *
 * @author Graceful Shutdown contributors
 */
final class ShutdownProgress implements Supplier<String> {

	private static final int MAX_REQUESTS = 20;

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final DrainParticipants participants;

	private final @Nullable ConfigurableListableBeanFactory beanFactory;

	private volatile @Nullable Thread closingThread;

	ShutdownProgress(ShutdownTimeline timeline, InFlightRequests inFlightRequests, DrainParticipants participants,
			@Nullable ConfigurableListableBeanFactory beanFactory) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.participants = participants;
		this.beanFactory = beanFactory;
	}

	/**
	 * Record the thread that closes the context, whose place is part of the progress.
	 * @param thread the thread
	 */
	void closingOn(Thread thread) {
		this.closingThread = thread;
	}

	@Override
	public String get() {
		List<String> parts = new ArrayList<>();
		ShutdownTrigger trigger = this.timeline.getTrigger();
		parts.add("phase=" + this.timeline.getPhase().name().toLowerCase(Locale.ROOT)
				+ ((trigger != null) ? ", " + format(Duration.between(trigger.at(), Instant.now())) + " after "
						+ trigger.describe() : ""));
		List<InFlightRequests.Request> requests = this.inFlightRequests.snapshot();
		parts.add("requests in flight: " + (requests.isEmpty() ? "none" : requests.stream()
			.limit(MAX_REQUESTS)
			.map(InFlightRequests.Request::describeWithAge)
			.collect(Collectors.joining(", "))
				+ ((requests.size() > MAX_REQUESTS) ? " and " + (requests.size() - MAX_REQUESTS) + " more" : "")));
		String participant = this.participants.running();
		parts.add("drain participant running: " + ((participant != null) ? participant : "none"));
		List<String> lifecycles = runningLifecycles();
		parts.add("lifecycle beans still running: " + (lifecycles.isEmpty() ? "none" : String.join(", ", lifecycles)));
		String closing = whereClosing();
		if (closing != null) {
			parts.add("closing thread at " + closing);
		}
		return String.join("; ", parts);
	}

	/**
	 * The lifecycle beans that exist and still run, other than this starter's own steps
	 * and the context's lifecycle processor, which runs them all:
	 * a bean that is slow to stop is the usual one still running. Beans that were never
	 * created (lazy ones) are not created for it.
	 */
	private List<String> runningLifecycles() {
		List<String> running = new ArrayList<>();
		if (this.beanFactory == null) {
			return running;
		}
		try {
			for (String name : this.beanFactory.getBeanNamesForType(Lifecycle.class, false, false)) {
				Object bean = this.beanFactory.containsSingleton(name) ? this.beanFactory.getSingleton(name) : null;
				if (bean instanceof Lifecycle lifecycle && !(bean instanceof ShutdownStepLifecycle)
						&& !(bean instanceof LifecycleProcessor) && lifecycle.isRunning()) {
					running.add(name);
				}
			}
		}
		catch (RuntimeException ex) {
			running.add("(unknown: " + ex + ")");
		}
		return running;
	}

	/**
	 * The innermost frame of the closing thread outside the JDK: the method it waits in.
	 */
	private @Nullable String whereClosing() {
		Thread thread = this.closingThread;
		if (thread == null || !thread.isAlive()) {
			return null;
		}
		for (StackTraceElement frame : thread.getStackTrace()) {
			String type = frame.getClassName();
			if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
				// Not toString(), which prefixes the class loader's name.
				return type + "." + frame.getMethodName() + "("
						+ ((frame.getFileName() != null) ? frame.getFileName() + ":" + frame.getLineNumber() : "")
						+ ")";
			}
		}
		return null;
	}

}

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

package io.github.gracefulshutdown.actuate;

import java.util.Locale;

import io.github.gracefulshutdown.GracefulShutdownLifecycle;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} for a Kubernetes {@code preStop} {@code httpGet} hook: it
 * starts the propagation phase (readiness down, {@code Connection: close}) and answers
 * once that phase is over, so the SIGTERM that follows only drains. It works without a
 * shell or a {@code sleep} binary in the image.
 * <p>
 * It is a GET because the kubelet can only send GETs. Calling it again, or the SIGTERM
 * that follows, joins the phase already under way: the delay never runs twice. It never
 * stops the JVM, and a call that no SIGTERM follows is undone 10 seconds after it
 * answered (see {@link GracefulShutdownLifecycle#preStop(String)}). It is off unless
 * {@code management.endpoint.prestop.access} itself is set (to {@code read-only} or
 * {@code unrestricted}; {@code management.endpoints.access.default} does not switch on an
 * operation that starts a shutdown), and only exists when the actuator has a port of its
 * own, where a filter checks {@code graceful-shutdown.prestop.token} when it is set.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@Endpoint(id = "prestop", defaultAccess = Access.NONE)
public class PreStopEndpoint {

	private final GracefulShutdownLifecycle lifecycle;

	private final ShutdownTimeline timeline;

	private final PreStopCallers callers;

	/**
	 * Create a new {@link PreStopEndpoint}.
	 * @param lifecycle the lifecycle that runs the propagation phase
	 * @param timeline the timeline
	 */
	public PreStopEndpoint(GracefulShutdownLifecycle lifecycle, ShutdownTimeline timeline) {
		this(lifecycle, timeline, new PreStopCallers());
	}

	PreStopEndpoint(GracefulShutdownLifecycle lifecycle, ShutdownTimeline timeline, PreStopCallers callers) {
		this.lifecycle = lifecycle;
		this.timeline = timeline;
		this.callers = callers;
	}

	@ReadOperation
	public PreStopResponse preStop() {
		// On this thread: the hook answers once the phase is over, at most the delay.
		// Unless the context then starts closing, as it does on the kubelet's SIGTERM,
		// the shutdown is abandoned, naming the caller the guarding filter recorded.
		boolean over = this.lifecycle.preStop(this.callers.take());
		return new PreStopResponse(this.timeline.getPhase().name().toLowerCase(Locale.ROOT), over,
				this.timeline.sinceShutdownBegan().toMillis() / 1000.0);
	}

	/**
	 * The answer to the hook.
	 *
	 * @param phase the phase after the call
	 * @param propagationOver whether the propagation phase is over
	 * @param elapsedSeconds time since shutdown began
	 */
	public record PreStopResponse(String phase, boolean propagationOver,
			double elapsedSeconds) implements OperationResponseBody {

	}

}

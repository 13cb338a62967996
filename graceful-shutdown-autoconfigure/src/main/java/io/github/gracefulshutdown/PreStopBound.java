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

/**
 * How long after a preStop call has answered the shutdown sequence waits for the context
 * to start closing before it abandons the shutdown that call began. The kubelet sends
 * SIGTERM as soon as its preStop hook returns, so a real deletion closes the context
 * within milliseconds; a call from anything else (a crawler of actuator endpoints, a
 * mistaken script) is never followed, and without a bound would keep the pod out of
 * rotation until it is restarted. The bound is never longer than what is left of the
 * pod's grace period, when that is known.
 *
 * @param afterAnswer the bound, counted from the call's answer
 * @author Graceful Shutdown contributors
 */
record PreStopBound(Duration afterAnswer) {

	/**
	 * Ten seconds: far more than the kubelet takes from the hook's return to SIGTERM and
	 * the JVM from SIGTERM to the context's close, yet short enough that a stray call
	 * costs one pod a few seconds of rotation, not the rest of its life.
	 */
	static final PreStopBound DEFAULT = new PreStopBound(Duration.ofSeconds(10));

	/**
	 * Return the bound, cut to what is left of the grace period.
	 * @param deadline the grace period's deadline, started by the preStop call
	 * @return the bound to wait
	 */
	Duration cappedBy(GracePeriodDeadline deadline) {
		Duration left = deadline.remaining();
		return (left != null && left.compareTo(this.afterAnswer) < 0) ? left : this.afterAnswer;
	}

}

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

import org.springframework.core.Ordered;

/**
 * Work other than HTTP requests that must stop taking new work and finish what is in
 * flight before the application exits: task executors, schedulers, in-process queues.
 * <p>
 * Participants run one after the other, in ascending {@link #getOrder() order}, once the
 * HTTP drain is over and before the web server stops: a request served during the
 * propagation or drain phase can still hand work to them. Each first
 * {@link #stopAcceptingWork() stops accepting work}, then gets its own
 * {@link #getTimeout() timeout}, cut to what is left of the pod's grace period, to
 * {@link #awaitCompletion(Duration) finish}. Their timeouts count towards the time the
 * shutdown sequence needs, checked at startup against
 * {@code graceful-shutdown.termination-grace-period}. Beans of this type take part on
 * their own.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public interface DrainParticipant extends Ordered {

	/**
	 * Return the name of this participant in logs, meters and the final report. Keep it
	 * short and stable, such as a bean name.
	 * @return the name
	 */
	String getName();

	/**
	 * Return the longest time this participant may take to finish its work in flight.
	 * @return the timeout
	 */
	Duration getTimeout();

	/**
	 * Stop accepting new work. Must return quickly.
	 */
	void stopAcceptingWork();

	/**
	 * Wait for the work in flight to finish, at most for the given time, then abort what
	 * is left.
	 * @param timeout how long to wait at most: the participant's timeout, or less when
	 * less is left of the grace period
	 * @return how many tasks were aborted, 0 if everything finished
	 * @throws InterruptedException if interrupted while waiting
	 */
	int awaitCompletion(Duration timeout) throws InterruptedException;

}

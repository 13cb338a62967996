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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The application's readiness as the {@link ShutdownSequence} changes it: down as a
 * shutdown begins, and back as it was if a preStop call's shutdown is abandoned. It also
 * remembers whether the application ever reported ready: Spring Boot takes readiness
 * down itself as the context closes, so the state at shutdown does not tell whether a
 * load balancer may be routing here. Not thread-safe: the sequence calls it under its
 * lock.
 *
 * @author Graceful Shutdown contributors
 */
final class Readiness {

	private final ApplicationEventPublisher publisher;

	private final ApplicationAvailability availability;

	private @Nullable ReadinessState beforeShutdown;

	private volatile boolean everReady;

	Readiness(ApplicationEventPublisher publisher, ApplicationAvailability availability) {
		this.publisher = publisher;
		this.availability = availability;
	}

	/**
	 * Record a change of readiness, whoever made it.
	 * @param state the new state
	 */
	void changed(ReadinessState state) {
		if (state == ReadinessState.ACCEPTING_TRAFFIC) {
			this.everReady = true;
		}
	}

	/**
	 * Take readiness down, unless it is down already.
	 * @return whether a load balancer may have been routing here: the application
	 * reported ready at some point, or is ready now
	 */
	boolean takeDown() {
		ReadinessState readiness = this.availability.getReadinessState();
		this.beforeShutdown = readiness;
		if (readiness != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		return this.everReady || readiness == ReadinessState.ACCEPTING_TRAFFIC;
	}

	/**
	 * Put readiness back up if it was up before {@link #takeDown()} and nothing else has
	 * changed it since.
	 */
	void restore() {
		if (this.beforeShutdown == ReadinessState.ACCEPTING_TRAFFIC
				&& this.availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

}

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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * What started a shutdown, and when: what an operator reading a pod's end wants to know
 * first. Recorded once, by whichever comes first, the signal, the preStop call or the
 * close of the context.
 *
 * @param kind what started it
 * @param caller the address of the preStop call's caller, an empty string for any other
 * kind or when unknown
 * @param at when
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public record ShutdownTrigger(Kind kind, String caller, Instant at) {

	/**
	 * A trigger without a caller, now.
	 * @param kind what started the shutdown
	 * @return the trigger
	 */
	static ShutdownTrigger now(Kind kind) {
		return new ShutdownTrigger(kind, "", Instant.now());
	}

	/**
	 * The trigger of a context's close that no signal handler or preStop call recorded
	 * first: the JVM's exit when the close runs in its shutdown hook, else a programmatic
	 * close.
	 * @return the trigger, now
	 */
	static ShutdownTrigger contextClosing() {
		return now(jvmExiting() ? Kind.JVM_EXIT : Kind.CLOSE);
	}

	/**
	 * Whether the JVM is exiting: it refuses new shutdown hooks then, and only then.
	 */
	private static boolean jvmExiting() {
		Thread probe = new Thread(() -> {
		}, "graceful-shutdown-exit-probe");
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
		catch (SecurityException ex) {
			return false;
		}
	}

	/**
	 * Return the kind's name, as the final report's {@code trigger=} and the endpoint
	 * show it.
	 * @return such as {@code sigterm} or {@code jvm-exit}
	 */
	public String name() {
		return this.kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Return the instant to the millisecond, in ISO-8601 form.
	 * @return such as {@code 2026-12-02T13:30:00.123Z}
	 */
	public String formattedAt() {
		return this.at.truncatedTo(ChronoUnit.MILLIS).toString();
	}

	/**
	 * Describe the trigger in words, as the first log line of a shutdown does.
	 * @return such as {@code SIGTERM at 2026-12-02T13:30:00.123Z}
	 */
	public String describe() {
		String what = switch (this.kind) {
			case SIGTERM -> "SIGTERM";
			case SIGINT -> "SIGINT";
			case PRESTOP -> "the preStop call" + (this.caller.isEmpty() ? "" : " from " + this.caller);
			case CLOSE -> "a close of the application context";
			case JVM_EXIT -> "the JVM's exit";
		};
		return what + " at " + formattedAt();
	}

	/**
	 * What can start a shutdown.
	 */
	public enum Kind {

		/**
		 * SIGTERM, as the kubelet sends when it deletes a pod.
		 */
		SIGTERM,

		/**
		 * SIGINT, as Ctrl-C sends.
		 */
		SIGINT,

		/**
		 * A call of the preStop endpoint.
		 */
		PRESTOP,

		/**
		 * The application closing its context itself, such as with
		 * {@code SpringApplication.exit}.
		 */
		CLOSE,

		/**
		 * The JVM exiting, with {@code System.exit} or a signal whose handler the starter
		 * did not install, and Spring Boot's shutdown hook closing the context.
		 */
		JVM_EXIT

	}

}

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

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The addresses of the preStop calls the management server has let through, from the
 * filter that guards the endpoint to the endpoint itself. An actuator operation is
 * independent of the web stack and cannot see its caller, and on WebFlux it does not even
 * run on the filter's thread, so the filter records each address here before the call
 * reaches the endpoint, and the endpoint takes what has been recorded when it runs. With
 * calls at the same moment one of them may take the other's address too: the warning of
 * an abandoned shutdown names every caller of its phase, so none is lost.
 *
 * @author Graceful Shutdown contributors
 */
final class PreStopCallers {

	/**
	 * At most this many distinct addresses are kept between two takes: enough to name
	 * every kubelet and stray caller, never a memory cost under a flood of calls.
	 */
	private static final int MAX_ADDRESSES = 10;

	private final Set<String> addresses = new LinkedHashSet<>();

	/**
	 * Record that a call from the given address was let through to the endpoint.
	 * @param address the caller's address
	 */
	synchronized void admitted(String address) {
		if (this.addresses.size() < MAX_ADDRESSES) {
			this.addresses.add(address);
		}
	}

	/**
	 * Take the addresses recorded since the last take.
	 * @return them, comma-separated, or an empty string if none
	 */
	synchronized String take() {
		String taken = String.join(", ", this.addresses);
		this.addresses.clear();
		return taken;
	}

}

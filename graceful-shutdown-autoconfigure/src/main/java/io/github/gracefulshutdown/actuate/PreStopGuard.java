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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.github.gracefulshutdown.GracefulShutdownProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;

/**
 * What the filters in front of the preStop endpoint decide, whatever the web stack:
 * whether a request is for the endpoint, whether it carries the token
 * ({@code graceful-shutdown.prestop.token}) when one is set, and, for the calls let
 * through, their caller's address for {@link PreStopCallers}. An actuator operation can
 * read neither a header nor the caller's address, so both are done in the management
 * server's filter chain, before the call reaches the endpoint.
 *
 * @author Graceful Shutdown contributors
 */
final class PreStopGuard {

	private static final Log logger = LogFactory.getLog(PreStopGuard.class);

	private static final String TOKEN_HEADER = GracefulShutdownProperties.Prestop.TOKEN_HEADER;

	private final String endpointSegment;

	private final byte @Nullable [] tokenDigest;

	private final PreStopCallers callers;

	/**
	 * Create a guard.
	 * @param endpointPath the endpoint's path under the actuator's base path, such as
	 * {@code prestop} (or its {@code management.endpoints.web.path-mapping})
	 * @param token the token calls must carry, or {@code null} (or blank) for none
	 * @param callers where the addresses of the calls let through are recorded
	 */
	PreStopGuard(String endpointPath, @Nullable String token, PreStopCallers callers) {
		String path = StringUtils.trimTrailingCharacter(endpointPath, '/');
		this.endpointSegment = path.substring(path.lastIndexOf('/') + 1);
		this.tokenDigest = StringUtils.hasText(token) ? digest(token) : null;
		this.callers = callers;
	}

	/**
	 * Whether the request is, or might be routed to, the preStop endpoint. Its last
	 * segment is compared as the router sees it, decoded and without matrix parameters,
	 * and without regard to case, so no spelling of the path (a trailing or doubled
	 * slash, {@code ;x=y}, {@code %70restop}) slips past: guarding a path that is not the
	 * endpoint costs nothing, missing one would let any peer start a shutdown.
	 * @param path the request's path within the management server
	 * @return whether to guard the request
	 */
	boolean guards(PathContainer path) {
		for (int i = path.elements().size() - 1; i >= 0; i--) {
			if (path.elements().get(i) instanceof PathContainer.PathSegment segment
					&& !segment.valueToMatch().isEmpty()) {
				return segment.valueToMatch().equalsIgnoreCase(this.endpointSegment);
			}
		}
		return false;
	}

	/**
	 * Decide on a call to the endpoint: let it through, recording its caller, or refuse
	 * it, with a warning naming the caller.
	 * @param presentedToken the value of the token header, {@code null} if absent
	 * @param caller the caller's address
	 * @return whether to let the call through
	 */
	boolean admits(@Nullable String presentedToken, String caller) {
		if (this.tokenDigest != null) {
			// Digests of equal length, compared in constant time: the comparison's
			// duration tells a caller neither the token nor its length.
			boolean matches = presentedToken != null
					&& MessageDigest.isEqual(this.tokenDigest, digest(presentedToken));
			if (!matches) {
				logger.warn("Refused a preStop call from " + caller + ": it carried "
						+ ((presentedToken != null) ? "a wrong " : "no ") + TOKEN_HEADER
						+ " header, which graceful-shutdown.prestop.token requires; nothing was changed");
				return false;
			}
		}
		this.callers.admitted(caller);
		return true;
	}

	private static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must have SHA-256.
			throw new IllegalStateException(ex);
		}
	}

}

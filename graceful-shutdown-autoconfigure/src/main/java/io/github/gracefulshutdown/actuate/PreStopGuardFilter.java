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

import java.io.IOException;

import io.github.gracefulshutdown.GracefulShutdownProperties;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.RequestPath;

/**
 * Servlet {@link Filter} of the management server that puts a {@link PreStopGuard} in
 * front of the preStop endpoint: a call it refuses gets 403 and never reaches the
 * endpoint; one it lets through has its caller's address recorded first.
 *
 * @author Graceful Shutdown contributors
 */
final class PreStopGuardFilter implements Filter {

	private final PreStopGuard guard;

	PreStopGuardFilter(PreStopGuard guard) {
		this.guard = guard;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest && response instanceof HttpServletResponse httpResponse
				&& this.guard.guards(RequestPath.parse(httpRequest.getRequestURI(), httpRequest.getContextPath())
					.pathWithinApplication())
				&& !this.guard.admits(httpRequest.getHeader(GracefulShutdownProperties.Prestop.TOKEN_HEADER),
						httpRequest.getRemoteAddr())) {
			httpResponse.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return;
		}
		chain.doFilter(request, response);
	}

}

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

package io.github.gracefulshutdown.web.servlet;

import java.io.IOException;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Servlet {@link Filter} that tracks requests in flight and, once shutdown has begun,
 * makes every HTTP/1.1 response carry {@code Connection: close} so that keep-alive
 * clients move to another instance instead of reusing a connection that is about to
 * close. Register it first in the chain, for the {@code REQUEST} dispatch only.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
public final class GracefulShutdownFilter implements Filter {

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final ManagementRequests managementRequests;

	/**
	 * Create a new {@link GracefulShutdownFilter}.
	 * @param timeline the shutdown timeline
	 * @param inFlightRequests the requests in flight
	 * @param statistics the statistics to count late requests and closed connections in
	 * @param managementRequests which requests are not application traffic
	 */
	public GracefulShutdownFilter(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, ManagementRequests managementRequests) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.managementRequests = managementRequests;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse)) {
			chain.doFilter(request, response);
			return;
		}
		String path = httpRequest.getRequestURI().substring(httpRequest.getContextPath().length());
		InFlightRequests.@Nullable Request inFlight = null;
		if (!this.managementRequests.matches(path)) {
			this.statistics.requestReceived();
			inFlight = this.inFlightRequests.begin(httpRequest.getMethod(), httpRequest.getRequestURI());
		}
		ConnectionClosingResponse closingResponse = new ConnectionClosingResponse(httpResponse, this.timeline,
				this.statistics, isHttp1(httpRequest));
		boolean async = false;
		try {
			closingResponse.closeConnectionIfShuttingDown();
			chain.doFilter(request, closingResponse);
			async = httpRequest.isAsyncStarted();
			if (async && inFlight != null) {
				httpRequest.getAsyncContext().addListener(new EndOnCompletion(this.inFlightRequests, inFlight));
			}
		}
		finally {
			if (!async) {
				// A response without a body is committed by the container after the
				// chain returns.
				closingResponse.closeConnectionIfShuttingDown();
				if (inFlight != null) {
					this.inFlightRequests.end(inFlight);
				}
			}
		}
	}

	private static boolean isHttp1(HttpServletRequest request) {
		return request.getProtocol().startsWith("HTTP/1");
	}

	private record EndOnCompletion(InFlightRequests inFlightRequests,
			InFlightRequests.Request request) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.inFlightRequests.end(this.request);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			this.inFlightRequests.end(this.request);
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}

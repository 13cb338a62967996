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
import java.util.function.Supplier;

import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ManagementRequests;
import io.github.gracefulshutdown.OpenStreams;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.AsyncContext;
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
 * makes every HTTP/1.x response carry {@code Connection: close} so that keep-alive
 * clients move to another instance instead of reusing a connection that is about to
 * close; only application responses count as told to close (see
 * {@link ConnectionClosingResponse}). Asynchronous responses are registered with {@link OpenStreams}, which ends those
 * that stream (Server-Sent Events, NDJSON) as the drain starts. Register it first in the
 * chain, for the {@code REQUEST} dispatch only.
 *
 * @author Graceful Shutdown contributors
 */
final class GracefulShutdownFilter implements Filter {

	private final ShutdownTimeline timeline;

	private final InFlightRequests inFlightRequests;

	private final ShutdownStatistics statistics;

	private final Supplier<ManagementRequests> managementRequests;

	private final OpenStreams openStreams;

	/**
	 * Create a new {@link GracefulShutdownFilter}.
	 * @param timeline the shutdown timeline
	 * @param inFlightRequests the requests in flight
	 * @param statistics the statistics to count late requests and closed connections in
	 * @param managementRequests which requests are not application traffic, asked for at
	 * each request (and meant to be cached): the paths come from the actuator's
	 * endpoints, which do not exist yet when the filter is created
	 * @param openStreams where asynchronous responses are registered
	 */
	GracefulShutdownFilter(ShutdownTimeline timeline, InFlightRequests inFlightRequests,
			ShutdownStatistics statistics, Supplier<ManagementRequests> managementRequests,
			OpenStreams openStreams) {
		this.timeline = timeline;
		this.inFlightRequests = inFlightRequests;
		this.statistics = statistics;
		this.managementRequests = managementRequests;
		this.openStreams = openStreams;
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
		boolean application = !this.managementRequests.get().matches(path);
		InFlightRequests.@Nullable Request inFlight = null;
		if (application) {
			this.statistics.requestReceived();
			inFlight = this.inFlightRequests.begin(httpRequest.getMethod(), httpRequest.getRequestURI());
		}
		ConnectionClosingResponse closingResponse = new ConnectionClosingResponse(httpResponse, this.timeline,
				this.statistics, isHttp1(httpRequest), application);
		boolean async = false;
		try {
			closingResponse.closeConnectionIfShuttingDown();
			chain.doFilter(request, closingResponse);
			async = httpRequest.isAsyncStarted();
			if (async) {
				AsyncContext asyncContext = httpRequest.getAsyncContext();
				OpenStreams.Stream stream = this.openStreams
					.open(() -> endIfStreaming(asyncContext, httpResponse.getContentType()));
				asyncContext.addListener(new EndOnCompletion(this.inFlightRequests, inFlight, stream));
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

	/**
	 * Completing the asynchronous request ends the body properly, as the application
	 * would, and runs the application's completion callbacks (such as an
	 * {@code SseEmitter}'s) so that it stops sending.
	 */
	private static boolean endIfStreaming(AsyncContext asyncContext, @Nullable String contentType) {
		if (!OpenStreams.isStreaming(contentType)) {
			return false;
		}
		asyncContext.complete();
		return true;
	}

	private static boolean isHttp1(HttpServletRequest request) {
		return request.getProtocol().startsWith("HTTP/1");
	}

	private record EndOnCompletion(InFlightRequests inFlightRequests, InFlightRequests.@Nullable Request request,
			OpenStreams.Stream stream) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			end();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			end();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

		private void end() {
			this.stream.closed();
			if (this.request != null) {
				this.inFlightRequests.end(this.request);
			}
		}

	}

}

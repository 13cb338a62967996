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
import java.io.PrintWriter;

import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Response wrapper that adds {@code Connection: close} once shutdown has begun, as late as
 * it can without wrapping the body streams: when the application asks for the stream or
 * writer it answers with, and before anything else that commits the response. A request
 * that began before shutdown and answers after it then closes its connection too; only a
 * response that was already streaming when shutdown began keeps its connection, until the
 * drain closes it. The streams are left unwrapped because every write goes through them.
 * <p>
 * Only HTTP/1.x has the header: an HTTP/2 response is left as it is (its connection ends
 * with the GOAWAY the drain sends). The header goes on a management response (a probe, a
 * scrape) too, so that a scraper's kept-alive connection moves on, but only an application
 * response counts in {@link ShutdownStatistics#connectionToldToClose()}, as on the
 * reactive stack. Once decided, the header survives a {@link #reset()}, which an error
 * handler may call to start its response afresh.
 *
 * @author Graceful Shutdown contributors
 */
final class ConnectionClosingResponse extends HttpServletResponseWrapper {

	private static final String CONNECTION = "Connection";

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final boolean http1;

	private final boolean application;

	private volatile boolean closeRequested;

	/**
	 * Wrap the given response.
	 * @param response the response to wrap
	 * @param timeline the timeline that says whether shutdown has begun
	 * @param statistics where application responses told to close are counted
	 * @param http1 whether the request came over HTTP/1.x
	 * @param application whether the request is application traffic rather than a
	 * management request
	 */
	ConnectionClosingResponse(HttpServletResponse response, ShutdownTimeline timeline, ShutdownStatistics statistics,
			boolean http1, boolean application) {
		super(response);
		this.timeline = timeline;
		this.statistics = statistics;
		this.http1 = http1;
		this.application = application;
	}

	void closeConnectionIfShuttingDown() {
		if (this.http1 && !this.closeRequested && this.timeline.isShuttingDown() && !isCommitted()) {
			this.closeRequested = true;
			setHeader(CONNECTION, "close");
			if (this.application) {
				this.statistics.connectionToldToClose();
			}
		}
	}

	@Override
	public void reset() {
		super.reset();
		if (this.closeRequested) {
			// The client was told, and counted: a reset clears every header.
			setHeader(CONNECTION, "close");
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		closeConnectionIfShuttingDown();
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		closeConnectionIfShuttingDown();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		closeConnectionIfShuttingDown();
		super.flushBuffer();
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendError(sc, msg);
	}

	@Override
	public void sendError(int sc) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendError(sc);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendRedirect(location, sc);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendRedirect(location, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		closeConnectionIfShuttingDown();
		super.sendRedirect(location, sc, clearBuffer);
	}

}

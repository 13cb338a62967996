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
import java.io.Writer;

import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Response wrapper that adds {@code Connection: close} at the last moment it still can:
 * before anything that may commit the response. A request that began before shutdown and
 * answers after it then closes its connection too.
 *
 * @author Graceful Shutdown contributors
 */
final class ConnectionClosingResponse extends HttpServletResponseWrapper {

	private static final String CONNECTION = "Connection";

	private final ShutdownTimeline timeline;

	private final ShutdownStatistics statistics;

	private final boolean http1;

	private volatile boolean closeRequested;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	ConnectionClosingResponse(HttpServletResponse response, ShutdownTimeline timeline, ShutdownStatistics statistics,
			boolean http1) {
		super(response);
		this.timeline = timeline;
		this.statistics = statistics;
		this.http1 = http1;
	}

	void closeConnectionIfShuttingDown() {
		if (this.http1 && !this.closeRequested && this.timeline.isShuttingDown() && !isCommitted()) {
			this.closeRequested = true;
			setHeader(CONNECTION, "close");
			this.statistics.connectionToldToClose();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		ServletOutputStream stream = this.outputStream;
		if (stream == null) {
			stream = new ClosingOutputStream(super.getOutputStream());
			this.outputStream = stream;
		}
		return stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		PrintWriter printWriter = this.writer;
		if (printWriter == null) {
			printWriter = new PrintWriter(new ClosingWriter(super.getWriter()));
			this.writer = printWriter;
		}
		return printWriter;
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

	private final class ClosingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		ClosingOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			closeConnectionIfShuttingDown();
			this.delegate.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			closeConnectionIfShuttingDown();
			this.delegate.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			closeConnectionIfShuttingDown();
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			closeConnectionIfShuttingDown();
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			this.delegate.setWriteListener(writeListener);
		}

	}

	private final class ClosingWriter extends Writer {

		private final PrintWriter delegate;

		ClosingWriter(PrintWriter delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(char[] cbuf, int off, int len) {
			closeConnectionIfShuttingDown();
			this.delegate.write(cbuf, off, len);
		}

		@Override
		public void write(String str, int off, int len) {
			closeConnectionIfShuttingDown();
			this.delegate.write(str, off, len);
		}

		@Override
		public void flush() {
			closeConnectionIfShuttingDown();
			this.delegate.flush();
		}

		@Override
		public void close() {
			closeConnectionIfShuttingDown();
			this.delegate.close();
		}

	}

}

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

import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionClosingResponse}.
 */
class ConnectionClosingResponseTests {

	private final ShutdownTimeline timeline = new ShutdownTimeline();

	private final ShutdownStatistics statistics = new ShutdownStatistics(this.timeline);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void beforeShutdownTheConnectionIsKept() throws Exception {
		ConnectionClosingResponse closing = closingResponse(true, true);
		closing.getWriter().write("hello");
		assertThat(this.response.getHeader("Connection")).isNull();
		assertThat(this.statistics.connectionsToldToClose()).isZero();
	}

	@Test
	void onceShutdownHasBegunAnApplicationResponseIsToldToCloseAndCounted() throws Exception {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		ConnectionClosingResponse closing = closingResponse(true, true);
		closing.getWriter().write("hello");
		closing.flushBuffer();
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.statistics.connectionsToldToClose()).isEqualTo(1);
	}

	@Test
	void aResetKeepsTheConnectionCloseAlreadyDecided() throws Exception {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		ConnectionClosingResponse closing = closingResponse(true, true);
		closing.getWriter().write("partial");
		closing.setHeader("X-Partial", "true");
		// As an error handler does before it writes its own body.
		closing.reset();
		closing.getWriter().write("error");
		assertThat(this.response.getHeader("X-Partial")).isNull();
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.statistics.connectionsToldToClose()).isEqualTo(1);
	}

	@Test
	void aManagementResponseIsToldToCloseButNotCounted() throws Exception {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		ConnectionClosingResponse closing = closingResponse(true, false);
		closing.getWriter().write("{\"status\":\"UP\"}");
		assertThat(this.response.getHeader("Connection")).isEqualTo("close");
		assertThat(this.statistics.connectionsToldToClose()).isZero();
	}

	@Test
	void anHttp2ResponseIsNeitherToldToCloseNorCounted() throws Exception {
		this.timeline.advanceTo(ShutdownPhase.PROPAGATING);
		ConnectionClosingResponse closing = closingResponse(false, true);
		closing.getWriter().write("hello");
		assertThat(this.response.getHeader("Connection")).isNull();
		assertThat(this.statistics.connectionsToldToClose()).isZero();
	}

	private ConnectionClosingResponse closingResponse(boolean http1, boolean application) {
		return new ConnectionClosingResponse(this.response, this.timeline, this.statistics, http1, application);
	}

}

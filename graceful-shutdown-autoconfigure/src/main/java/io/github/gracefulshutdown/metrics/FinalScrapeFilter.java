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

package io.github.gracefulshutdown.metrics;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.RequestPath;

/**
 * Servlet {@link Filter} of the management server that reports each scrape of the
 * Prometheus endpoint carrying the final figures once its response has been sent.
 *
 * @author Graceful Shutdown contributors
 */
final class FinalScrapeFilter implements Filter {

	private final PrometheusScrapes scrapes;

	FinalScrapeFilter(PrometheusScrapes scrapes) {
		this.scrapes = scrapes;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		boolean finalScrape = request instanceof HttpServletRequest httpRequest && this.scrapes
			.isFinalScrape(RequestPath.parse(httpRequest.getRequestURI(), httpRequest.getContextPath())
				.pathWithinApplication());
		chain.doFilter(request, response);
		if (finalScrape) {
			// Sent, not just written to the buffer: the exit that waits for this scrape
			// stops the management server next.
			response.flushBuffer();
			this.scrapes.answered();
		}
	}

}

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

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@link WebFilter} of the management server that reports each scrape of the Prometheus
 * endpoint carrying the final figures once its response has been written.
 *
 * @author Graceful Shutdown contributors
 */
final class FinalScrapeWebFilter implements WebFilter {

	private final PrometheusScrapes scrapes;

	FinalScrapeWebFilter(PrometheusScrapes scrapes) {
		this.scrapes = scrapes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.scrapes.isFinalScrape(exchange.getRequest().getPath().pathWithinApplication())) {
			return chain.filter(exchange);
		}
		// The chain completes once the response has been written.
		return chain.filter(exchange).doOnSuccess((done) -> this.scrapes.answered());
	}

}

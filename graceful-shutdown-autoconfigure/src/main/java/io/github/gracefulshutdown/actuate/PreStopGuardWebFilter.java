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

import java.net.InetSocketAddress;

import io.github.gracefulshutdown.GracefulShutdownProperties;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@link WebFilter} of the management server that puts a {@link PreStopGuard} in front of
 * the preStop endpoint: a call it refuses gets 403 and never reaches the endpoint; one it
 * lets through has its caller's address recorded first.
 *
 * @author Graceful Shutdown contributors
 */
final class PreStopGuardWebFilter implements WebFilter, Ordered {

	private final PreStopGuard guard;

	PreStopGuardWebFilter(PreStopGuard guard) {
		this.guard = guard;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.guard.guards(request.getPath().pathWithinApplication())
				&& !this.guard.admits(request.getHeaders().getFirst(GracefulShutdownProperties.Prestop.TOKEN_HEADER),
						address(request.getRemoteAddress()))) {
			exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
			return exchange.getResponse().setComplete();
		}
		return chain.filter(exchange);
	}

	/**
	 * Before any other filter, a security chain included: a refused call must leave no
	 * trace but the warning.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static String address(@Nullable InetSocketAddress remote) {
		if (remote == null) {
			return "an unknown address";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}

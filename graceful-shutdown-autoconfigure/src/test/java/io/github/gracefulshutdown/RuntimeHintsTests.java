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

package io.github.gracefulshutdown;

import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketContainer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the reflective access to server internals is declared for a native image,
 * through the registrars that {@code META-INF/spring/aot.factories} names, as Spring's AOT
 * processing loads them.
 */
class RuntimeHintsTests {

	private final RuntimeHints hints = registeredHints();

	@Test
	void tomcatsEndpointAndKeepAliveCountAreDeclared() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AbstractProtocol.class, "getEndpoint"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(SocketWrapperBase.class, "keepAliveLeft"))
			.accepts(this.hints);
	}

	@Test
	void theWebSocketContainersSessionsAreDeclared() {
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(WsWebSocketContainer.class, "sessions"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(JakartaWebSocketContainer.class, "getOpenSessions")).accepts(this.hints);
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, RuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}

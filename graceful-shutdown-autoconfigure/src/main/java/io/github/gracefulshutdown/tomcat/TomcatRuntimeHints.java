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

package io.github.gracefulshutdown.tomcat;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The reflective access to Tomcat's internals, declared for a native image: the
 * protocol's protected {@code getEndpoint()} ({@link TomcatEndpoints}) and each
 * connection's {@code keepAliveLeft} ({@link TomcatIdleConnectionCloser}). Named, not
 * loaded, so that an application without Tomcat loses nothing.
 *
 * @author Graceful Shutdown contributors
 */
class TomcatRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(TypeReference.of("org.apache.coyote.AbstractProtocol"),
					(type) -> type.withMethod("getEndpoint", List.of(), ExecutableMode.INVOKE));
		hints.reflection()
			.registerType(TypeReference.of("org.apache.tomcat.util.net.SocketWrapperBase"),
					(type) -> type.withField("keepAliveLeft"));
	}

}

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

package io.github.gracefulshutdown.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.gracefulshutdown.e2e.LoadGenerator.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling restarts with HTTP/2 clients (clear text, prior knowledge) through HAProxy as
 * kube-proxy: each client keeps one connection, pinned to its pod, until the pod sends
 * GOAWAY as its drain starts, then opens a new one, which the balancer sends to another
 * pod. Streams the server provably did not process may be sent again, as HTTP/2 allows;
 * nothing else may fail.
 */
class Http2RollingRestartTests {

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"http2-rolling-restart");

	private static final List<Request> HTTP2_LOAD = http2Load();

	private static List<Request> http2Load() {
		List<Request> load = new ArrayList<>(Collections.nCopies(6, Request.http2Get("/work?ms=2")));
		load.add(Request.http2Get("/work?ms=1000"));
		return List.copyOf(load);
	}

	@BeforeAll
	static void requireHaProxy() {
		RollingRestartTests.requireHaProxy();
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void noHttp2RequestFailsAndPodsExitRightAfterTheDelay(WebServer server) throws Exception {
		RollingRestart.Result result = new RollingRestart(server, true, HaProxy.Model.KUBE_PROXY,
				RollingRestartTests.ENDPOINT_LAG, WORK_DIR)
			.withProperties("h2c", "server.http2.enabled=true")
			.run(HTTP2_LOAD, RollingRestartTests.INTERVAL);
		System.out.println(server + " with HTTP/2 clients: " + result.summary());
		assertThat(result.load().failures()).isEmpty();
		assertThat(result.load().succeeded()).isGreaterThan(1000);
		assertThat(result.terminations())
			.allSatisfy((termination) -> ShutdownAssertions.assertExitedRightAfterTheDelay(termination.exit(),
					termination.log(), RollingRestartTests.PROPAGATION_DELAY_ON_KUBERNETES,
					result.load().longest()));
	}

}

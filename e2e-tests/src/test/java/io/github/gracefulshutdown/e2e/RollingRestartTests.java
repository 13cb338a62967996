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
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import io.github.gracefulshutdown.e2e.LoadGenerator.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Rolling restarts through an L4 load balancer that keeps each client connection on its
 * pod and drops a deleted pod's endpoint 2s after the deletion, under keep-alive load,
 * with the defaults an application gets on Kubernetes.
 */
class RollingRestartTests {

	private static final Duration ENDPOINT_LAG = Duration.ofSeconds(2);

	private static final Duration PROPAGATION_DELAY_ON_KUBERNETES = Duration.ofSeconds(5);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"rolling-restart");

	private static final List<Request> KEEP_ALIVE_LOAD = Collections.nCopies(8, Request.keepAliveGet("/work?ms=2"));

	private static final Duration INTERVAL = Duration.ofMillis(20);

	@BeforeAll
	static void requireHaProxy() {
		if (!HaProxy.isInstalled()) {
			if ("true".equals(System.getenv("CI"))) {
				fail("HAProxy is required in CI: .ci/run installs it");
			}
			abort("HAProxy is not installed (apt-get install haproxy)");
		}
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void withTheStarterNoRequestFailsAndPodsExitRightAfterTheDelay(WebServer server) throws Exception {
		RollingRestart.Result result = new RollingRestart(server, true, ENDPOINT_LAG, WORK_DIR).run(KEEP_ALIVE_LOAD,
				INTERVAL);
		System.out.println(server + " with the starter: " + result.summary());
		assertThat(result.load().failures()).isEmpty();
		Duration bound = PROPAGATION_DELAY_ON_KUBERNETES.plus(result.load().longest()).plusMillis(300);
		assertThat(result.exits()).allSatisfy((exit) -> assertThat(exit).isBetween(PROPAGATION_DELAY_ON_KUBERNETES,
				bound));
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void withoutTheStarterRequestsFail(WebServer server) throws Exception {
		RollingRestart.Result result = new RollingRestart(server, false, ENDPOINT_LAG, WORK_DIR).run(KEEP_ALIVE_LOAD,
				INTERVAL);
		System.out.println(server + " without the starter: " + result.summary());
		assertThat(result.load().failed()).isPositive();
	}

}

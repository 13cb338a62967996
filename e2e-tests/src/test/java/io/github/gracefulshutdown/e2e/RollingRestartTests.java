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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import io.github.gracefulshutdown.e2e.LoadGenerator.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Rolling restarts under a mixed load that never retries, through HAProxy as kube-proxy
 * (connections pinned to their pod, the endpoint dropped 2s after the deletion) and as an
 * L7 load balancer (pooled keep-alive connections, readiness health checks), on every
 * server, with the defaults an application gets on Kubernetes.
 */
class RollingRestartTests {

	static final Duration ENDPOINT_LAG = Duration.ofSeconds(2);

	static final Duration PROPAGATION_DELAY_ON_KUBERNETES = Duration.ofSeconds(5);

	static final Duration INTERVAL = Duration.ofMillis(20);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"rolling-restart");

	/**
	 * Keep-alive GETs, clients that close after each response, POSTs with a body and slow
	 * requests, one connection each, 50 requests a second per connection at most.
	 */
	static final List<Request> MIXED_LOAD = mixedLoad();

	private static List<Request> mixedLoad() {
		List<Request> load = new ArrayList<>(Collections.nCopies(4, Request.keepAliveGet("/work?ms=2")));
		load.addAll(Collections.nCopies(2, Request.closingGet("/work?ms=2")));
		load.addAll(Collections.nCopies(2, Request.keepAlivePost("/work", 4096)));
		load.add(Request.keepAliveGet("/work?ms=1000"));
		return List.copyOf(load);
	}

	@BeforeAll
	static void requireHaProxy() {
		if (!HaProxy.isInstalled()) {
			if ("true".equals(System.getenv("CI"))) {
				fail("HAProxy is required in CI: .ci/run installs it");
			}
			abort("HAProxy is not installed (apt-get install haproxy)");
		}
	}

	static Stream<Arguments> serversAndBalancers() {
		return Stream.of(WebServer.values())
			.flatMap((server) -> Stream.of(HaProxy.Model.values()).map((model) -> Arguments.of(server, model)));
	}

	@ParameterizedTest(name = "{0} behind {1}")
	@MethodSource("serversAndBalancers")
	void withTheStarterNoRequestFailsAndPodsExitRightAfterTheDelay(WebServer server, HaProxy.Model model)
			throws Exception {
		RollingRestart.Result result = new RollingRestart(server, true, model, ENDPOINT_LAG, WORK_DIR)
			.run(MIXED_LOAD, INTERVAL);
		System.out.println(server + " behind " + model + " with the starter: " + result.summary());
		assertThat(result.load().failures()).isEmpty();
		assertThat(result.load().succeeded()).isGreaterThan(1000);
		assertThat(result.terminations())
			.allSatisfy((termination) -> ShutdownAssertions.assertExitedRightAfterTheDelay(termination.exit(),
					termination.log(), PROPAGATION_DELAY_ON_KUBERNETES, result.load().longest()));
	}

	@ParameterizedTest(name = "{0} behind {1}")
	@MethodSource("serversAndBalancers")
	void withoutTheStarterRequestsFail(WebServer server, HaProxy.Model model) throws Exception {
		RollingRestart.Result result = new RollingRestart(server, false, model, ENDPOINT_LAG, WORK_DIR)
			.run(MIXED_LOAD, INTERVAL);
		System.out.println(server + " behind " + model + " without the starter: " + result.summary());
		assertThat(result.load().failed()).isPositive();
	}

}

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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling restarts with a quiet period: the propagation delay becomes a maximum of 10 s,
 * and each pod stops propagating once the balancer has moved its traffic away, 2 s after
 * SIGTERM as kube-proxy does, without failing a request.
 */
class AdaptivePropagationTests {

	static final Duration MAXIMUM = Duration.ofSeconds(10);

	static final Duration QUIET_PERIOD = Duration.ofMillis(500);

	static final String[] ADAPTIVE = { "graceful-shutdown.propagation-delay=10s",
			"graceful-shutdown.quiet-period=500ms" };

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"adaptive-propagation");

	@BeforeAll
	static void requireHaProxy() {
		RollingRestartTests.requireHaProxy();
	}

	@ParameterizedTest
	@EnumSource(WebServer.class)
	void noRequestFailsAndPodsExitSoonAfterTrafficMovedAway(WebServer server) throws Exception {
		RollingRestart.Result result = new RollingRestart(server, true, HaProxy.Model.KUBE_PROXY,
				RollingRestartTests.ENDPOINT_LAG, WORK_DIR)
			.withProperties("adaptive", ADAPTIVE)
			.run(RollingRestartTests.MIXED_LOAD, RollingRestartTests.INTERVAL);
		System.out.println(server + " with a quiet period: " + result.summary());
		assertThat(result.load().failures()).isEmpty();
		assertThat(result.load().succeeded()).isGreaterThan(1000);
		assertThat(result.terminations())
			.allSatisfy((termination) -> ShutdownAssertions.assertExitedOnceTrafficMovedAway(termination.exit(),
					termination.log(), RollingRestartTests.ENDPOINT_LAG, QUIET_PERIOD, result.load().longest()));
	}

}

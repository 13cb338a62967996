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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Rolling restarts of the sample application under gRPC load, as issue 13 found them: a
 * Boot service with HTTP and gRPC, rolled one pod at a time behind the kube-proxy model,
 * with grpc-java clients pinned to their pods, retries disabled and a deadline on every
 * call, making short unary calls, 1 s unary calls and server-streaming calls. What counts
 * as a failure is set out in {@link GrpcLoadGenerator}: in short, every call that does not
 * end {@code OK}, except a stream the starter's drain ends with {@code UNAVAILABLE}, which
 * the client opens again.
 */
class GrpcRollingRestartTests {

	/**
	 * Few enough for two busy cores: each channel carries a short call every 20 ms or so,
	 * a 1 s call and a stream at a time.
	 */
	private static final int CHANNELS = 4;

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"grpc-rolling-restart");

	@BeforeAll
	static void requireHaProxyAndTheSampleJar() {
		boolean ci = "true".equals(System.getenv("CI"));
		if (!HaProxy.isInstalled()) {
			if (ci) {
				fail("HAProxy is required in CI: .ci/run installs it");
			}
			abort("HAProxy is not installed (apt-get install haproxy)");
		}
		if (!Files.isRegularFile(GrpcRollingRestart.JAR)) {
			if (ci) {
				fail(GrpcRollingRestart.JAR + " is missing: the build packages sample-app before e2e-tests");
			}
			abort(GrpcRollingRestart.JAR + " is missing: run ./mvnw -pl sample-app -am package -DskipTests first");
		}
	}

	@Test
	void withTheStarterNoCallFailsAndPodsExitWithinTheDelayAndTheLongestCall() throws Exception {
		GrpcRollingRestart.Result result = new GrpcRollingRestart(true, RollingRestartTests.ENDPOINT_LAG, WORK_DIR)
			.run(CHANNELS);
		System.out.println("gRPC with the starter: " + result.summary());
		assertThat(result.load().failures()).isEmpty();
		assertThat(result.load().succeededCalls()).isGreaterThan(500);
		assertThat(result.load().completedStreams()).isPositive();
		// The longest call as the clients saw it: the 1 s calls, stretched by whatever the
		// busy machine added, which the drain waits for just the same.
		Duration longestCall = max(GrpcLoadGenerator.SLOW_CALL, result.load().longest());
		Duration bound = RollingRestartTests.PROPAGATION_DELAY_ON_KUBERNETES.plus(longestCall).plus(ONE_SECOND);
		assertThat(result.terminations()).allSatisfy((termination) -> {
			assertThat(termination.log().duration("propagation")).as("%s", termination)
				.isGreaterThanOrEqualTo(RollingRestartTests.PROPAGATION_DELAY_ON_KUBERNETES);
			assertThat(termination.exit()).as("%s", termination)
				.isBetween(RollingRestartTests.PROPAGATION_DELAY_ON_KUBERNETES, bound);
		});
	}

	private static Duration max(Duration first, Duration second) {
		return (first.compareTo(second) >= 0) ? first : second;
	}

	@Test
	void withoutTheStarterCallsFail() throws Exception {
		GrpcRollingRestart.Result result = new GrpcRollingRestart(false, RollingRestartTests.ENDPOINT_LAG, WORK_DIR)
			.run(CHANNELS);
		System.out.println("gRPC without the starter: " + result.summary());
		assertThat(result.load().failed()).isPositive();
	}

}

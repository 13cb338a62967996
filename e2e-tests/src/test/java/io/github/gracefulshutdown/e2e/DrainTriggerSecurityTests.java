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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.github.gracefulshutdown.web.RawHttpConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing that can start a drain or a shutdown answers an unauthenticated caller on the
 * application port, even with every actuator endpoint exposed and the preStop endpoint
 * enabled; {@code /actuator/shutdown} stays off on both ports.
 */
class DrainTriggerSecurityTests {

	private static final Path WORK_DIR = Path.of(System.getenv().getOrDefault("E2E_WORK_DIR", "target/e2e"),
			"security");

	private static final String[] TRIGGERS = { "/actuator/prestop", "/actuator/shutdown", "/prestop", "/shutdown",
			"/actuator/prestop/", "/actuator//prestop", "/actuator/prestop;x=y", "/actuator/%70restop" };

	@Test
	void onASinglePortAskingForThePreStopEndpointFailsStartupRatherThanExposeIt() throws Exception {
		try (Pod pod = Pod.start("security-single-port-prestop", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"management.endpoints.web.exposure.include=*", "management.endpoint.prestop.access=read-only")) {
			pod.awaitExit(Duration.ofSeconds(60));
			assertThat(pod.exitCode()).isNotZero();
			assertThat(pod.log()).contains("APPLICATION FAILED TO START")
				.contains("Invalid value 'read-only' for property 'management.endpoint.prestop.access'")
				.contains("only exists on a management port of its own");
		}
	}

	@Test
	void onASinglePortNoTriggerAnswersEvenWithEverythingExposed() throws Exception {
		try (Pod pod = Pod.start("security-single-port", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"management.endpoints.web.exposure.include=*")) {
			pod.awaitReady(Duration.ofSeconds(60));
			for (String path : TRIGGERS) {
				for (String method : new String[] { "GET", "POST", "DELETE" }) {
					assertThat(status(pod.port(), method, path)).as("%s %s", method, path).isIn(400, 404, 405);
				}
			}
			assertThat(pod.probe("/actuator/health/readiness")).as("no drain was started").isEqualTo(200);
			assertThat(pod.log()).doesNotContain("Commencing propagation phase");
		}
	}

	@Test
	void withAManagementPortOnlyThePreStopGetThereCanStartADrainAndShutdownStaysOff() throws Exception {
		int managementPort = Pod.freePort();
		try (Pod pod = Pod.start("security-management-port", WebServer.TOMCAT, Pod.freePort(), WORK_DIR,
				"management.server.port=" + managementPort, "management.endpoints.web.exposure.include=*",
				"management.endpoint.prestop.access=read-only")) {
			pod.awaitReady(Duration.ofSeconds(60));
			for (String path : TRIGGERS) {
				for (String method : new String[] { "GET", "POST", "DELETE" }) {
					assertThat(status(pod.port(), method, path)).as("%s %s on the application port", method, path)
						.isIn(400, 404, 405);
				}
			}
			for (String method : new String[] { "GET", "POST", "DELETE" }) {
				assertThat(status(managementPort, method, "/actuator/shutdown"))
					.as("%s /actuator/shutdown on the management port", method)
					.isIn(400, 404, 405);
			}
			for (String method : new String[] { "POST", "DELETE" }) {
				assertThat(status(managementPort, method, "/actuator/prestop"))
					.as("%s /actuator/prestop on the management port", method)
					.isIn(400, 404, 405);
			}
			assertThat(status(managementPort, "GET", "/actuator/health/readiness")).as("no drain was started")
				.isEqualTo(200);
			assertThat(pod.log()).doesNotContain("Commencing propagation phase");
		}
	}

	private static int status(int port, String method, String path) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			return connection.exchange(method, path).status();
		}
	}

}

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

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ManagementRequests}.
 */
class ManagementRequestsTests {

	@Test
	void aPathAndEverythingBelowItAreManagementRequests() {
		ManagementRequests managementRequests = new ManagementRequests(List.of("/actuator/", "/livez"));
		assertThat(managementRequests.matches("/actuator")).isTrue();
		assertThat(managementRequests.matches("/actuator/")).isTrue();
		assertThat(managementRequests.matches("/actuator/prometheus")).isTrue();
		assertThat(managementRequests.matches("/livez")).isTrue();
		assertThat(managementRequests.matches("/livez/")).isTrue();
		assertThat(managementRequests.matches("/actuators")).isFalse();
		assertThat(managementRequests.matches("/livezz")).isFalse();
		assertThat(managementRequests.matches("/orders/actuator")).isFalse();
		assertThat(managementRequests.matches("/")).isFalse();
	}

	@Test
	void noProbePathIsAssumed() {
		ManagementRequests managementRequests = new ManagementRequests(List.of("/actuator"));
		assertThat(managementRequests.matches("/livez")).isFalse();
		assertThat(managementRequests.matches("/readyz")).isFalse();
	}

	@Test
	void anEmptyPathOrTheRootWouldMatchEverythingAndIsIgnored() {
		ManagementRequests managementRequests = new ManagementRequests(List.of("", "/", "/health"));
		assertThat(managementRequests.matches("/hello")).isFalse();
		assertThat(managementRequests.matches("/")).isFalse();
		assertThat(managementRequests.matches("/health")).isTrue();
	}

	@Test
	void aPathWithoutALeadingSlashIsWithinTheApplication() {
		assertThat(new ManagementRequests(List.of("livez")).matches("/livez")).isTrue();
	}

	@Test
	void noneMatchesNoRequest() {
		assertThat(ManagementRequests.none().matches("/actuator/health")).isFalse();
		assertThat(ManagementRequests.none().matches("/livez")).isFalse();
	}

}

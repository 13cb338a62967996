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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.server.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PreStopGuard}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PreStopGuardTests {

	private final PreStopCallers callers = new PreStopCallers();

	private final PreStopGuard guard = new PreStopGuard("prestop", "s3cr3t", this.callers);

	@Test
	void guardsEverySpellingOfTheEndpointsPathTheRouterMightAccept() {
		for (String uri : new String[] { "/actuator/prestop", "/actuator/prestop/", "/actuator//prestop",
				"/actuator/prestop;x=y", "/actuator/%70restop", "/actuator/PreStop", "/manage/actuator/prestop" }) {
			assertThat(this.guard.guards(RequestPath.parse(uri, null).pathWithinApplication())).as(uri).isTrue();
		}
	}

	@Test
	void leavesOtherEndpointsAlone() {
		for (String uri : new String[] { "/actuator/health/readiness", "/actuator/prometheus", "/actuator", "/" }) {
			assertThat(this.guard.guards(RequestPath.parse(uri, null).pathWithinApplication())).as(uri).isFalse();
		}
	}

	@Test
	void guardsTheMappedPathOfTheEndpoint() {
		PreStopGuard mapped = new PreStopGuard("hooks/stop", null, this.callers);
		assertThat(mapped.guards(RequestPath.parse("/actuator/hooks/stop", null).pathWithinApplication())).isTrue();
	}

	@Test
	void admitsOnlyTheTokenAndRecordsTheCallersItAdmits(CapturedOutput output) {
		assertThat(this.guard.admits(null, "10.0.0.1")).isFalse();
		assertThat(this.guard.admits("s3cr3", "10.0.0.2")).isFalse();
		assertThat(this.guard.admits("s3cr3t ", "10.0.0.3")).isFalse();
		assertThat(this.callers.take()).isEmpty();
		assertThat(output).contains("Refused a preStop call from 10.0.0.1: it carried no X-Graceful-Shutdown-Token")
			.contains("Refused a preStop call from 10.0.0.2: it carried a wrong X-Graceful-Shutdown-Token")
			.doesNotContain("s3cr3t");
		assertThat(this.guard.admits("s3cr3t", "10.0.0.4")).isTrue();
		assertThat(this.callers.take()).isEqualTo("10.0.0.4");
	}

	@Test
	void withoutATokenAdmitsEveryCallAndRecordsItsCaller() {
		PreStopGuard open = new PreStopGuard("prestop", " ", this.callers);
		assertThat(open.admits(null, "10.0.0.5")).isTrue();
		assertThat(open.admits("anything", "10.0.0.6")).isTrue();
		assertThat(this.callers.take()).isEqualTo("10.0.0.5, 10.0.0.6");
		assertThat(this.callers.take()).isEmpty();
	}

}

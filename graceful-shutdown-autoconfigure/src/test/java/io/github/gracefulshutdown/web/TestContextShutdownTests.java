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

package io.github.gracefulshutdown.web;

import java.time.Duration;

import io.github.gracefulshutdown.ShutdownPhase;
import io.github.gracefulshutdown.ShutdownTimeline;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's own {@code @SpringBootTest}s with the starter on the classpath, on a machine
 * where Spring Boot detects Kubernetes (a CI runner in a pod): no context close waits the
 * propagation delay, unless the test sets it itself. Each case loads its context through
 * Spring's TestContext framework, as a test class with these annotations would, and times
 * the close the framework runs when the context is dirtied or the run ends.
 */
class TestContextShutdownTests {

	private static final Duration NO_WAIT = Duration.ofMillis(1500);

	@Test
	void aMockWebEnvironmentNeverRunsTheSequence() {
		Closed closed = loadAndClose(MockWebEnvironment.class);
		assertThat(closed.took()).isLessThan(NO_WAIT);
		assertThat(closed.phase()).isEqualTo(ShutdownPhase.RUNNING);
	}

	@Test
	void aServerRunsTheSequenceWithoutTheApplicationsOwnDelay() {
		Closed closed = loadAndClose(ServerWithTheApplicationsOwnDelay.class);
		assertThat(closed.took()).isLessThan(NO_WAIT);
		assertThat(closed.phase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	@Test
	void aServerWaitsTheDelayTheTestSets() {
		Closed closed = loadAndClose(ServerWithADelayTheTestSets.class);
		assertThat(closed.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(closed.phase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	@Test
	void theApplicationsOwnWaitForAFinalScrapeNeitherFailsStartupNorDelaysTheClose() {
		Closed closed = loadAndClose(ServerWithTheApplicationsOwnFinalScrapeWait.class);
		assertThat(closed.took()).isLessThan(NO_WAIT);
		assertThat(closed.phase()).isEqualTo(ShutdownPhase.STOPPED);
	}

	private static Closed loadAndClose(Class<?> testClass) {
		TestContext testContext = new TestContextManager(testClass).getTestContext();
		ShutdownTimeline timeline = testContext.getApplicationContext().getBean(ShutdownTimeline.class);
		long started = System.nanoTime();
		// What the framework does with a context a test dirtied: remove it and close it.
		testContext.markApplicationContextDirty(null);
		return new Closed(Duration.ofNanos(System.nanoTime() - started), timeline.getPhase());
	}

	private record Closed(Duration took, ShutdownPhase phase) {
	}

	@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.MOCK,
			properties = { "spring.main.cloud-platform=kubernetes", "test.manual-propagation-end=false" })
	static class MockWebEnvironment {

	}

	@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.cloud-platform=kubernetes", "test.manual-propagation-end=false" },
			args = "--graceful-shutdown.propagation-delay=5s")
	static class ServerWithTheApplicationsOwnDelay {

	}

	// Without a management port of its own, which would fail an application's startup:
	// no Prometheus server scrapes a test, so the wait is off there and nothing checks it.
	@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.cloud-platform=kubernetes", "test.manual-propagation-end=false" },
			args = "--graceful-shutdown.metrics.await-final-scrape=10s")
	static class ServerWithTheApplicationsOwnFinalScrapeWait {

	}

	@SpringBootTest(classes = ServletTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.cloud-platform=kubernetes", "test.manual-propagation-end=false",
					"graceful-shutdown.propagation-delay=1s" })
	static class ServerWithADelayTheTestSets {

	}

}

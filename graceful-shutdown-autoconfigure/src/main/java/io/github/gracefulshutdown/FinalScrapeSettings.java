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

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Checks at startup what {@code graceful-shutdown.metrics.await-final-scrape} needs: a
 * management port of its own, since the application port stops accepting at the drain
 * and the final figures are only set after it, and the Prometheus endpoint exposed on
 * the web. Without either, every shutdown would wait the whole time for a scrape that
 * cannot come, so startup fails instead, naming the key.
 *
 * @author Graceful Shutdown contributors
 */
final class FinalScrapeSettings {

	static final String AWAIT_FINAL_SCRAPE_PROPERTY = GracefulShutdownProperties.PREFIX
			+ ".metrics.await-final-scrape";

	private static final String ACTUATOR_CLASS = "org.springframework.boot.actuate.autoconfigure.web.server."
			+ "ManagementPortType";

	private FinalScrapeSettings() {
	}

	/**
	 * Check the settings the wait for the final scrape needs, when it is configured.
	 * @param budget the budget, whose final scrape wait is zero when none is configured
	 * or in a test
	 * @param environment the environment
	 * @param beanFactory the application's bean factory, where the actuator's endpoints
	 * are
	 * @throws ConflictingSettingException if the wait cannot work
	 */
	static void check(ShutdownBudget budget, Environment environment, ListableBeanFactory beanFactory) {
		if (budget.finalScrapeWait().isZero()) {
			return;
		}
		String value = environment.getProperty(AWAIT_FINAL_SCRAPE_PROPERTY,
				DurationFormat.format(budget.finalScrapeWait()));
		if (!ClassUtils.isPresent(ACTUATOR_CLASS, FinalScrapeSettings.class.getClassLoader())) {
			throw new ConflictingSettingException(AWAIT_FINAL_SCRAPE_PROPERTY, value,
					"the final scrape comes through the actuator's Prometheus endpoint, and the actuator is not on "
							+ "the classpath",
					"Add spring-boot-starter-actuator and io.micrometer:micrometer-registry-prometheus, or unset '"
							+ AWAIT_FINAL_SCRAPE_PROPERTY + "'.");
		}
		Actuator.check(value, environment, beanFactory);
	}

	/**
	 * The checks that need the actuator's classes, loaded only once they are known to be
	 * there.
	 */
	private static final class Actuator {

		static void check(String value, Environment environment, ListableBeanFactory beanFactory) {
			if (ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
				throw new ConflictingSettingException(AWAIT_FINAL_SCRAPE_PROPERTY, value,
						"the final figures are set after the drain, when the application port no longer accepts "
								+ "connections, so only a management port of its own can serve the final scrape, and "
								+ "management.server.port is not set to one",
						"Set 'management.server.port' to a port of its own, such as 8081, and have Prometheus scrape "
								+ "it, or unset '" + AWAIT_FINAL_SCRAPE_PROPERTY + "'.");
			}
			PathMappedEndpoints endpoints = beanFactory.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
			if (endpoints == null || endpoints.getPath(EndpointId.of("prometheus")) == null) {
				throw new ConflictingSettingException(AWAIT_FINAL_SCRAPE_PROPERTY, value,
						"no Prometheus scrape endpoint is exposed on the web, so no scrape could ever end the wait",
						"Add io.micrometer:micrometer-registry-prometheus and include prometheus in "
								+ "'management.endpoints.web.exposure.include', or unset '"
								+ AWAIT_FINAL_SCRAPE_PROPERTY + "'.");
			}
		}

	}

}

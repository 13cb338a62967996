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

package io.github.gracefulshutdown.metrics;

import io.github.gracefulshutdown.DrainParticipant;
import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.InFlightRequests;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the shutdown sequence's Micrometer
 * meters. Without Micrometer, or without a meter registry, the sequence runs the same and
 * registers nothing.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ShutdownTimeline.class })
public final class GracefulShutdownMetricsAutoConfiguration {

	@Bean
	GracefulShutdownMetrics gracefulShutdownMetrics(ShutdownTimeline timeline, ShutdownStatistics statistics,
			InFlightRequests inFlightRequests, ApplicationContext context,
			ObjectProvider<DrainParticipant> participants) {
		return new GracefulShutdownMetrics(timeline, statistics, inFlightRequests, Tags.of("server", server(context)),
				() -> participants.orderedStream()
					.map(DrainParticipant::getName)
					.distinct()
					.toList());
	}

	private static String server(ApplicationContext context) {
		WebServer webServer = (context instanceof WebServerApplicationContext webServerContext)
				? webServerContext.getWebServer() : null;
		String type = (webServer != null) ? webServer.getClass().getSimpleName() : "";
		if (type.startsWith("Tomcat")) {
			return "tomcat";
		}
		if (type.startsWith("Jetty")) {
			return "jetty";
		}
		if (type.startsWith("Netty")) {
			return "reactor-netty";
		}
		return "other";
	}

}

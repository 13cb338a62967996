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

package io.github.gracefulshutdown.tomcat;

import io.github.gracefulshutdown.GracefulShutdownAutoConfiguration;
import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.ShutdownTimeline;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Tomcat: close idle keep-alive connections when the drain starts, and let requests
 * queued for a worker thread start before Spring Boot pauses the connector, since a
 * paused Tomcat closes them unanswered.
 *
 * @author Graceful Shutdown contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = GracefulShutdownAutoConfiguration.class)
@ConditionalOnBean(ShutdownTimeline.class)
@ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat", "org.springframework.boot.tomcat.TomcatWebServer" })
public final class TomcatGracefulShutdownAutoConfiguration {

	@Bean
	TomcatIdleConnectionCloser tomcatIdleConnectionCloser(ApplicationContext context, ShutdownStatistics statistics) {
		return new TomcatIdleConnectionCloser(context, statistics);
	}

	@Bean
	TomcatQueuedRequests tomcatQueuedRequests(ApplicationContext context) {
		return new TomcatQueuedRequests(context);
	}

	@Bean
	TomcatOpenConnections tomcatOpenConnections(ApplicationContext context) {
		return new TomcatOpenConnections(context);
	}

}

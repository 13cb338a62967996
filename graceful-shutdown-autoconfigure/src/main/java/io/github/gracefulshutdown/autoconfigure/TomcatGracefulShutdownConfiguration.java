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

package io.github.gracefulshutdown.autoconfigure;

import io.github.gracefulshutdown.ShutdownStatistics;
import io.github.gracefulshutdown.tomcat.TomcatIdleConnectionCloser;
import io.github.gracefulshutdown.tomcat.TomcatOpenConnections;
import io.github.gracefulshutdown.tomcat.TomcatQueuedRequests;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat: close idle keep-alive connections when the drain starts, and let requests
 * queued for a worker thread start before Spring Boot pauses the connector, since a
 * paused Tomcat closes them unanswered.
 *
 * @author Graceful Shutdown contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat", "org.springframework.boot.tomcat.TomcatWebServer" })
class TomcatGracefulShutdownConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TomcatIdleConnectionCloser tomcatIdleConnectionCloser(ApplicationContext context, ShutdownStatistics statistics) {
		return new TomcatIdleConnectionCloser(context, statistics);
	}

	@Bean
	@ConditionalOnMissingBean
	TomcatQueuedRequests tomcatQueuedRequests(ApplicationContext context) {
		return new TomcatQueuedRequests(context);
	}

	@Bean
	@ConditionalOnMissingBean
	TomcatOpenConnections tomcatOpenConnections(ApplicationContext context) {
		return new TomcatOpenConnections(context);
	}

}

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

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server-level shutdown tests on ReactorNetty.
 */
class ReactorNettyGracefulShutdownServerTests extends AbstractGracefulShutdownServerTests {

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ReactiveTestApplication.class, ServerFactory.class).web(WebApplicationType.REACTIVE)
			// Every server is on the test classpath: a management port of its own must get
			// this server too.
			.properties("spring.autoconfigure.exclude="
					+ JettyReactiveManagementContextAutoConfiguration.class.getName() + ","
					+ TomcatReactiveManagementContextAutoConfiguration.class.getName());
	}

	@Override
	protected String managementContextAutoConfiguration() {
		return "org.springframework.boot.reactor.netty.autoconfigure.actuate.web.server.NettyReactiveManagementContextAutoConfiguration";
	}

	@Configuration(proxyBeanMethods = false)
	static class ServerFactory {

		@Bean
		NettyReactiveWebServerFactory webServerFactory() {
			return new NettyReactiveWebServerFactory();
		}

	}

}

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

package io.github.gracefulshutdown.grpc;

import io.github.gracefulshutdown.ManualPropagationEnd;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with HTTP on Tomcat and a gRPC server, as a user's service has both.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class GrpcTestApplication {

	@Bean
	@ConditionalOnProperty(name = "test.manual-propagation-end", matchIfMissing = true)
	ManualPropagationEnd manualPropagationEnd() {
		return new ManualPropagationEnd();
	}

	@Bean
	EchoService echoService() {
		return new EchoService();
	}

	@Bean
	TomcatServletWebServerFactory webServerFactory() {
		return new TomcatServletWebServerFactory();
	}

}

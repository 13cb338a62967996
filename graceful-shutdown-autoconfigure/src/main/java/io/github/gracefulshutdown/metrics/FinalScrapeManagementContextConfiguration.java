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

import io.github.gracefulshutdown.FinalScrape;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Configuration of the management server's own context, which keeps serving after the
 * application port has stopped at the drain: the filter that tells the
 * {@link FinalScrape} when the Prometheus endpoint has been scraped with the final
 * figures, as a servlet filter or a {@code WebFilter}. Registered whatever
 * {@code graceful-shutdown.metrics.await-final-scrape} says, so that an AOT-processed
 * application given the key at run time has it too; without a wait, a scrape costs one
 * comparison more.
 *
 * @author Graceful Shutdown contributors
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(FinalScrape.class)
final class FinalScrapeManagementContextConfiguration {

	@Bean
	PrometheusScrapes gracefulShutdownPrometheusScrapes(ObjectProvider<PathMappedEndpoints> endpoints,
			FinalScrape finalScrape) {
		PathMappedEndpoints mapped = endpoints.getIfAvailable();
		return new PrometheusScrapes((mapped != null) ? mapped.getPath(EndpointId.of("prometheus")) : null,
				finalScrape);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class ServletFinalScrapeConfiguration {

		@Bean
		FilterRegistrationBean<FinalScrapeFilter> finalScrapeFilter(PrometheusScrapes scrapes) {
			FilterRegistrationBean<FinalScrapeFilter> registration = new FilterRegistrationBean<>(
					new FinalScrapeFilter(scrapes));
			// Outermost but for the preStop guard: it reports the scrape once the whole
			// response has been produced.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ReactiveFinalScrapeConfiguration {

		@Bean
		FinalScrapeWebFilter finalScrapeWebFilter(PrometheusScrapes scrapes) {
			return new FinalScrapeWebFilter(scrapes);
		}

	}

}

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

import org.springframework.aot.AotDetector;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fails the start of an AOT-processed application (a native image, or the JVM with
 * {@code -Dspring.aot.enabled=true}) that is given, at run time, one of the two settings
 * that AOT processing fixes at build time: whether the sequence runs at all, and whether
 * executors and schedulers take part. Every other {@code graceful-shutdown.*} key is read
 * at run time. Conditions are evaluated when the application is processed, so without
 * this check a {@code GRACEFUL_SHUTDOWN_ENABLED=false} set at deploy time would be
 * silently ignored.
 *
 * @author Graceful Shutdown contributors
 */
class AotBuildTimeSettings implements ApplicationListener<ApplicationPreparedEvent> {

	static final String ENABLED = GracefulShutdownProperties.PREFIX + ".enabled";

	static final String PARTICIPANTS_ENABLED = GracefulShutdownProperties.PREFIX + ".participants.enabled";

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		boolean sequence = context.containsBeanDefinition("shutdownSequence");
		check(context, ENABLED, sequence, "the shutdown sequence");
		if (sequence) {
			check(context, PARTICIPANTS_ENABLED, context.containsBeanDefinition("threadPoolDrainParticipants"),
					"executors and schedulers as drain participants");
		}
	}

	private static void check(ConfigurableApplicationContext context, String key, boolean processedWith,
			String what) {
		Boolean atRunTime = Binder.get(context.getEnvironment()).bind(key, Boolean.class).orElse(null);
		if (atRunTime != null && atRunTime != processedWith) {
			throw new ConflictingSettingException(key, atRunTime,
					"the application was AOT-processed with " + what + " switched " + (processedWith ? "on" : "off")
							+ ", and AOT processing fixes this setting at build time",
					"Set '" + key + "' to " + atRunTime + " when the application is processed (spring-boot:process-aot)"
							+ " and rebuild, or remove it from the run-time configuration.");
		}
	}

}

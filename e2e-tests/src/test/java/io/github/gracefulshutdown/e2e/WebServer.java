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

package io.github.gracefulshutdown.e2e;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The web servers a pod can run on. The test classpath holds all of them; a pod gets the
 * test classpath without the jars of the other servers.
 */
enum WebServer {

	TOMCAT("servlet", "jetty-", "spring-boot-jetty", "spring-boot-starter-jetty"),

	JETTY("servlet", "tomcat-embed-core", "tomcat-embed-websocket", "spring-boot-tomcat",
			"spring-boot-starter-tomcat"),

	REACTOR_NETTY("reactive", "tomcat-embed-core", "tomcat-embed-websocket", "spring-boot-tomcat",
			"spring-boot-starter-tomcat", "jetty-", "spring-boot-jetty", "spring-boot-starter-jetty");

	private final String webApplicationType;

	private final List<String> excludedJarPrefixes;

	WebServer(String webApplicationType, String... excludedJarPrefixes) {
		this.webApplicationType = webApplicationType;
		this.excludedJarPrefixes = List.of(excludedJarPrefixes);
	}

	String webApplicationType() {
		return this.webApplicationType;
	}

	/**
	 * Return the classpath of a pod on this server.
	 * @param starter whether the pod has the starter; without it, the pod is a plain
	 * Spring Boot application
	 * @return the classpath
	 */
	String classpath(boolean starter) {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> this.excludedJarPrefixes.stream()
				.noneMatch((prefix) -> new File(entry).getName().startsWith(prefix)))
			.filter((entry) -> starter || !isStarter(new File(entry)))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static boolean isStarter(File entry) {
		// The installed jars, or the module's classes when Maven resolves it in the reactor.
		return entry.getName().startsWith("graceful-shutdown-")
				|| (entry.getName().equals("classes") && entry.getParentFile() != null
						&& entry.getParentFile().getParentFile() != null
						&& entry.getParentFile().getParentFile().getName().startsWith("graceful-shutdown-"));
	}

}

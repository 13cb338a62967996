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


package io.github.gracefulshutdown.chart;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * Prometheus' {@code promtool}, run as a process: from {@code $PROMTOOL}, or the
 * {@code PATH} (Debian's {@code prometheus} package, which {@code .ci/run} installs).
 * <p>
 * Without one, a test is skipped on a developer's machine, but fails in CI
 * ({@code CI=true}), where a skipped rule test would pass unnoticed.
 */
final class Promtool {

	private static final long TIMEOUT_SECONDS = 60;

	private final Path executable;

	private Promtool(Path executable) {
		this.executable = executable;
	}

	/**
	 * Return promtool, or abort the test (skip it) if there is none, unless in CI.
	 * @return promtool
	 * @throws TestAbortedException if there is no promtool outside CI
	 * @throws AssertionError if there is no promtool in CI
	 */
	static Promtool required() {
		Optional<Path> found = find();
		if (found.isPresent()) {
			return new Promtool(found.get());
		}
		String missing = "promtool is neither $PROMTOOL nor on the PATH (apt-get install prometheus)";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(missing + ", and CI=true: .ci/run should have installed it");
		}
		throw new TestAbortedException(missing + ": the alert rule tests are skipped");
	}

	private static Optional<Path> find() {
		String explicit = System.getenv("PROMTOOL");
		if (explicit != null && !explicit.isBlank()) {
			return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
		}
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isBlank())
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Run promtool in a directory.
	 * @param directory the working directory, where relative file names resolve
	 * @param arguments the arguments, such as {@code check rules rules.yaml}
	 * @return the exit code and the output, stdout and stderr together
	 */
	Result run(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String output;
			try (InputStream stdout = process.getInputStream()) {
				output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + "s:\n" + output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a promtool run returned.
	 * @param exitCode the exit code, 0 for success
	 * @param output stdout and stderr together
	 */
	record Result(int exitCode, String output) {

	}

}

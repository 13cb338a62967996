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

package io.github.gracefulshutdown.k3s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file, as the Docker CLI applies them to a build
 * context: a path is excluded when the last rule that matches it, or one of its parent
 * directories, is not an exception ({@code !}). {@code *} and {@code ?} stop at {@code /},
 * {@code **} crosses directories, {@code #} starts a comment.
 * <p>
 * Testcontainers sends the build context itself and reads only a {@code .dockerignore}
 * next to the Dockerfile's directory, not the {@code <Dockerfile>.dockerignore} that the
 * sample app's Dockerfile uses, so the rules are applied here.
 */
final class DockerIgnore {

	private final List<Rule> rules;

	private DockerIgnore(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	static DockerIgnore read(Path file) throws IOException {
		List<Rule> rules = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String pattern = line.trim();
			if (pattern.isEmpty() || pattern.startsWith("#")) {
				continue;
			}
			boolean exception = pattern.startsWith("!");
			if (exception) {
				pattern = pattern.substring(1).trim();
			}
			pattern = clean(pattern);
			if (!pattern.isEmpty()) {
				rules.add(new Rule(toRegex(pattern), exception));
			}
		}
		return new DockerIgnore(rules);
	}

	private static String clean(String pattern) {
		String cleaned = pattern;
		while (cleaned.startsWith("/") || cleaned.startsWith("./")) {
			cleaned = cleaned.substring(cleaned.startsWith("/") ? 1 : 2);
		}
		while (cleaned.endsWith("/")) {
			cleaned = cleaned.substring(0, cleaned.length() - 1);
		}
		return cleaned;
	}

	private static Pattern toRegex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				i++;
				if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
					i++;
					regex.append("(?:.*/)?");
				}
				else {
					regex.append(".*");
				}
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
				int end = glob.indexOf(']', i + 1);
				String characters = glob.substring(i + 1, end);
				boolean negated = characters.startsWith("^") || characters.startsWith("!");
				regex.append(negated ? "[^" : "[")
					.append((negated ? characters.substring(1) : characters).replace("\\", "\\\\").replace("[", "\\["))
					.append(']');
				i = end;
			}
			else if (c == '\\' && i + 1 < glob.length()) {
				i++;
				regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether some rule re-includes paths ({@code !}), in which case an excluded directory
	 * may still hold included files.
	 * @return whether there are exceptions
	 */
	boolean hasExceptions() {
		return this.rules.stream().anyMatch(Rule::exception);
	}

	/**
	 * Whether a path of the build context is left out of it.
	 * @param path the path, relative to the context root, with {@code /} separators
	 * @return whether the path is excluded
	 */
	boolean excludes(String path) {
		boolean excluded = false;
		for (Rule rule : this.rules) {
			if (rule.exception() != excluded) {
				// Cannot change the outcome.
				continue;
			}
			if (rule.matchesItselfOrParent(path)) {
				excluded = !rule.exception();
			}
		}
		return excluded;
	}

	private record Rule(Pattern pattern, boolean exception) {

		boolean matchesItselfOrParent(String path) {
			for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
				if (this.pattern.matcher(path.substring(0, slash)).matches()) {
					return true;
				}
			}
			return this.pattern.matcher(path).matches();
		}

	}

}

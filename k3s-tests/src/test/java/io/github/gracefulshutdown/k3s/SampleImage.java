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
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The sample app's image, built from {@code sample-app/Dockerfile} by the Docker engine
 * Testcontainers talks to, with the repository root as the build context, filtered by
 * {@code sample-app/Dockerfile.dockerignore}.
 * <p>
 * Testcontainers builds through the Docker API's classic builder, not BuildKit, so the
 * Dockerfile's BuildKit-only {@code RUN --mount} options (a Maven cache) are left out: the
 * build is the same, only without the cache. To use an image built beforehand instead, with
 * {@code docker build -f sample-app/Dockerfile -t <name> .}, set the {@code k3s.sample-image}
 * system property to its name.
 */
final class SampleImage {

	/**
	 * The repository root, from the module directory that Maven runs the tests in.
	 */
	static final Path REPOSITORY_ROOT = Path.of("..");

	static final String DEFAULT_NAME = "graceful-shutdown-sample:k3s-test";

	static final String PREBUILT_PROPERTY = "k3s.sample-image";

	private static final String DOCKERFILE = "sample-app/Dockerfile";

	private static final String IGNORE_FILE = "sample-app/Dockerfile.dockerignore";

	private static final Pattern BUILDKIT_MOUNT = Pattern.compile("--mount=\\S+\\s+");

	private SampleImage() {
	}

	/**
	 * Return the name of the image to deploy: the one named by the
	 * {@code k3s.sample-image} system property, or else {@value #DEFAULT_NAME}, built now.
	 * @return the image name, with its tag
	 * @throws IOException if the build context cannot be read
	 */
	static String resolve() throws IOException {
		String prebuilt = System.getProperty(PREBUILT_PROPERTY, "").trim();
		return prebuilt.isEmpty() ? build(DEFAULT_NAME) : prebuilt;
	}

	private static String build(String name) throws IOException {
		Path root = REPOSITORY_ROOT.toRealPath();
		String dockerfile = BUILDKIT_MOUNT.matcher(Files.readString(root.resolve(DOCKERFILE))).replaceAll("");
		// Kept after the run, so that the next build reuses its layers.
		ImageFromDockerfile image = new ImageFromDockerfile(name, false).withFileFromString(DOCKERFILE, dockerfile)
			.withBuildImageCmdModifier((command) -> command.withDockerfilePath(DOCKERFILE));
		for (String file : contextFiles(root, DockerIgnore.read(root.resolve(IGNORE_FILE)))) {
			if (!file.equals(DOCKERFILE)) {
				image.withFileFromPath(file, root.resolve(file));
			}
		}
		return image.get();
	}

	/**
	 * List the files of a build context that an ignore file leaves in it.
	 * @param root the context root
	 * @param ignore the ignore file's rules
	 * @return the paths of the files, relative to the root, with {@code /} separators
	 * @throws IOException if the context cannot be read
	 */
	static List<String> contextFiles(Path root, DockerIgnore ignore) throws IOException {
		List<String> files = new ArrayList<>();
		boolean prune = !ignore.hasExceptions();
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				boolean skip = prune && !dir.equals(root) && ignore.excludes(relative(root, dir));
				return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				String path = relative(root, file);
				if (!attributes.isDirectory() && !ignore.excludes(path)) {
					files.add(path);
				}
				return FileVisitResult.CONTINUE;
			}

		});
		files.sort(null);
		return files;
	}

	private static String relative(Path root, Path path) {
		return root.relativize(path).toString().replace('\\', '/');
	}

	/**
	 * Write an image of the Docker engine to a {@code docker save} archive.
	 * @param name the image name
	 * @param archive where to write the archive
	 * @throws IOException if the archive cannot be written
	 */
	static void save(String name, Path archive) throws IOException {
		Files.createDirectories(archive.toAbsolutePath().getParent());
		try (InputStream in = DockerClientFactory.instance().client().saveImageCmd(name).exec()) {
			Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}

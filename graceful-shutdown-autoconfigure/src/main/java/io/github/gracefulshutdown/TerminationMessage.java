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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The container's termination message: Kubernetes reads the file at the pod's
 * {@code terminationMessagePath} when the container ends and shows it in
 * {@code kubectl describe pod} and as {@code lastState.terminated.message}. The kubelet
 * keeps at most 4096 bytes; this keeps under 4000, cut on a character's boundary so the
 * end is never a broken UTF-8 sequence.
 * <p>
 * Only an existing file is written: Kubernetes makes it before the container starts,
 * and off Kubernetes nothing should appear in {@code /dev}. A path that does not exist
 * or cannot be written is skipped quietly: a missing termination message must never
 * fail a shutdown.
 *
 * @author Graceful Shutdown contributors
 */
final class TerminationMessage {

	/**
	 * Most bytes written, under the kubelet's 4096 byte limit.
	 */
	static final int MAX_BYTES = 4000;

	private static final Log logger = LogFactory.getLog(TerminationMessage.class);

	private final String path;

	private volatile String written = "";

	/**
	 * Create a termination message.
	 * @param path the file to write, an empty string to write nothing
	 */
	TerminationMessage(String path) {
		this.path = path.trim();
	}

	/**
	 * Replace the message with the given one, cut to {@link #MAX_BYTES}.
	 * @param message the message
	 */
	void write(String message) {
		if (this.path.isEmpty()) {
			return;
		}
		this.written = message;
		try {
			Path file = Path.of(this.path);
			if (!Files.exists(file)) {
				logger.debug("Not writing the termination message: " + this.path + " does not exist");
				return;
			}
			Files.write(file, truncate(message), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Not writing the termination message to " + this.path + ": " + ex);
		}
	}

	/**
	 * Put the given text before what was written so far, which stays as far as the
	 * limit allows.
	 * @param text the text
	 */
	void prepend(String text) {
		write(this.written.isEmpty() ? text : text + "\n" + this.written);
	}

	/**
	 * Encode the message in UTF-8, cut to at most {@link #MAX_BYTES} on a character's
	 * boundary.
	 * @param message the message
	 * @return its bytes
	 */
	static byte[] truncate(String message) {
		CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		ByteBuffer bytes = ByteBuffer.allocate(MAX_BYTES);
		// The encoder stops before a character that does not fit whole, surrogate pairs
		// included.
		encoder.encode(CharBuffer.wrap(message), bytes, true);
		return Arrays.copyOf(bytes.array(), bytes.position());
	}

}

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TerminationMessage}.
 */
class TerminationMessageTests {

	@TempDir
	Path dir;

	@Test
	void replacesTheContentOfAnExistingFile() throws IOException {
		Path file = Files.writeString(this.dir.resolve("termination-log"), "an older, longer message");
		new TerminationMessage(file.toString()).write("phase=stopped");
		assertThat(file).hasContent("phase=stopped");
	}

	@Test
	void aMissingFileIsSkippedAndNotCreated() {
		Path file = this.dir.resolve("termination-log");
		new TerminationMessage(file.toString()).write("phase=stopped");
		assertThat(file).doesNotExist();
	}

	@Test
	void aFileInAMissingDirectoryIsSkippedQuietly() {
		Path file = this.dir.resolve("missing").resolve("termination-log");
		new TerminationMessage(file.toString()).write("phase=stopped");
		assertThat(file.getParent()).doesNotExist();
	}

	@Test
	void aPathThatCannotBeWrittenIsSkippedQuietly() throws IOException {
		// A directory exists but cannot be written as a file.
		Path directory = Files.createDirectory(this.dir.resolve("termination-log"));
		new TerminationMessage(directory.toString()).write("phase=stopped");
		assertThat(directory).isDirectory();
	}

	@Test
	void anEmptyPathWritesNothing() {
		TerminationMessage message = new TerminationMessage(" ");
		message.write("phase=stopped");
		message.prepend("Last gasp");
		assertThat(this.dir).isEmptyDirectory();
	}

	@Test
	void aPrependedTextComesBeforeWhatWasWritten() throws IOException {
		Path file = Files.writeString(this.dir.resolve("termination-log"), "");
		TerminationMessage message = new TerminationMessage(file.toString());
		message.write("Graceful shutdown finished: phase=stopped");
		message.prepend("Last gasp: phase=stopped");
		assertThat(file).hasContent("Last gasp: phase=stopped\nGraceful shutdown finished: phase=stopped");
	}

	@Test
	void aShortMessageIsKeptWhole() {
		assertThat(TerminationMessage.truncate("phase=stopped é")).isEqualTo("phase=stopped é".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aLongMessageIsCutToTheLimit() {
		byte[] bytes = TerminationMessage.truncate("a".repeat(5000));
		assertThat(bytes).hasSize(TerminationMessage.MAX_BYTES);
	}

	@Test
	void aCutNeverSplitsACharacter() {
		// 1,334 three-byte characters are 4,002 bytes: the last one does not fit whole.
		String euros = "€".repeat(1334);
		byte[] bytes = TerminationMessage.truncate(euros);
		assertThat(bytes).hasSize(3999);
		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("€".repeat(1333));
	}

	@Test
	void aCutNeverSplitsASurrogatePair() {
		// Four bytes each, two chars each: one byte short of 1,000 of them.
		String text = "x" + "\uD83D\uDE80".repeat(1000);
		byte[] bytes = TerminationMessage.truncate(text);
		assertThat(bytes).hasSize(1 + 4 * 999);
		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("x" + "\uD83D\uDE80".repeat(999));
	}

}

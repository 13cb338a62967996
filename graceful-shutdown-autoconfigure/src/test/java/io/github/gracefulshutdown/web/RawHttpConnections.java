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

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Connections a test opens together, in order, and closes together.
 */
public final class RawHttpConnections implements Iterable<RawHttpConnection>, Closeable {

	private final List<RawHttpConnection> connections = new ArrayList<>();

	public RawHttpConnection open(int port) throws IOException {
		return add(RawHttpConnection.open(port));
	}

	public RawHttpConnection open(int port, Duration readTimeout) throws IOException {
		return add(RawHttpConnection.open(port, readTimeout));
	}

	private RawHttpConnection add(RawHttpConnection connection) {
		this.connections.add(connection);
		return connection;
	}

	@Override
	public Iterator<RawHttpConnection> iterator() {
		return this.connections.iterator();
	}

	@Override
	public void close() throws IOException {
		IOException failure = null;
		for (RawHttpConnection connection : this.connections) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}

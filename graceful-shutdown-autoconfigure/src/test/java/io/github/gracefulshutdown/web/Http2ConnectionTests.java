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

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Http2Connection}'s verdict on failed streams, against a scripted
 * server that speaks just enough HTTP/2 to send the frames under test. The end-to-end
 * tests rely on the verdict: a stream wrongly judged unprocessed would hide a real
 * failure, one wrongly judged failed makes a rollout look broken.
 */
class Http2ConnectionTests {

	private static final int HEADERS = 0x1;

	private static final int SETTINGS = 0x4;

	private static final int GOAWAY = 0x7;

	private static final int ACK = 0x1;

	@Test
	void streamAboveTheLastOfTwoGoAwaysWasNotProcessed() throws Exception {
		// As Tomcat does: a GOAWAY that announces the shutdown, then the real one.
		Throwable failure = failureOfFirstStream(Integer.MAX_VALUE, 0);
		assertThat(failure).isInstanceOf(Http2Connection.Refused.class).hasMessageContaining("not processed");
	}

	@Test
	void streamAtOrBelowTheLastGoAwaysStreamIdIsAFailure() throws Exception {
		Throwable failure = failureOfFirstStream(Integer.MAX_VALUE, 1);
		assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(Http2Connection.Refused.class);
	}

	/**
	 * Open a connection to a server that reads the first stream, sends two GOAWAY frames
	 * with the given last stream ids, then ends the connection.
	 */
	private Throwable failureOfFirstStream(int firstLastStreamId, int secondLastStreamId) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
				try (Socket socket = server.accept()) {
					DataInputStream in = new DataInputStream(socket.getInputStream());
					DataOutputStream out = new DataOutputStream(socket.getOutputStream());
					in.readFully(new byte[24]);
					writeFrame(out, SETTINGS, 0, 0, new byte[0]);
					awaitFirstStream(in, out);
					writeFrame(out, GOAWAY, 0, 0, goAwayPayload(firstLastStreamId));
					writeFrame(out, GOAWAY, 0, 0, goAwayPayload(secondLastStreamId));
					// End of stream, without a response; read until the client closes so
					// that no reset overtakes the frames.
					socket.shutdownOutput();
					in.transferTo(OutputStream.nullOutputStream());
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			try (Http2Connection connection = Http2Connection.open(server.getLocalPort())) {
				CompletableFuture<Http2Connection.Response> response = connection.get("/");
				try {
					response.get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					script.get(30, TimeUnit.SECONDS);
					return ex.getCause();
				}
				throw new AssertionError("The stream got a response");
			}
		}
	}

	private static void awaitFirstStream(DataInputStream in, DataOutputStream out) throws IOException {
		while (true) {
			int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
			int type = in.readUnsignedByte();
			int flags = in.readUnsignedByte();
			int streamId = in.readInt() & Integer.MAX_VALUE;
			in.readFully(new byte[length]);
			if (type == SETTINGS && (flags & ACK) == 0) {
				writeFrame(out, SETTINGS, ACK, 0, new byte[0]);
			}
			if (type == HEADERS && streamId == 1) {
				return;
			}
		}
	}

	private static byte[] goAwayPayload(int lastStreamId) {
		return new byte[] { (byte) (lastStreamId >>> 24), (byte) (lastStreamId >>> 16), (byte) (lastStreamId >>> 8),
				(byte) lastStreamId, 0, 0, 0, 0 };
	}

	private static void writeFrame(DataOutputStream out, int type, int flags, int streamId, byte[] payload)
			throws IOException {
		out.writeByte(payload.length >>> 16);
		out.writeShort(payload.length & 0xFFFF);
		out.writeByte(type);
		out.writeByte(flags);
		out.writeInt(streamId);
		out.write(payload);
		out.flush();
	}

}

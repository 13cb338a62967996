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

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client connection over a plain socket, so that tests control exactly which
 * request goes on which connection and see resets and ends of stream as they are.
 */
public final class RawHttpConnection implements Closeable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawHttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	public static RawHttpConnection open(int port) throws IOException {
		return open(port, Duration.ofSeconds(30));
	}

	/**
	 * Open a connection to a local port.
	 * @param port the local port to connect to
	 * @param readTimeout how long a read may block
	 * @return the connection
	 * @throws IOException if the connection cannot be made
	 */
	public static RawHttpConnection open(int port, Duration readTimeout) throws IOException {
		return open("127.0.0.1", port, readTimeout);
	}

	/**
	 * Open a connection.
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @param readTimeout how long a read may block
	 * @return the connection
	 * @throws IOException if the connection cannot be made
	 */
	public static RawHttpConnection open(String host, int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(host, port), 5000);
		socket.setSoTimeout((int) readTimeout.toMillis());
		socket.setTcpNoDelay(true);
		return new RawHttpConnection(socket);
	}

	public void send(String method, String path) throws IOException {
		send(method, path, false, new byte[0]);
	}

	/**
	 * Send a request.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param close whether to ask the server to close the connection after responding
	 * @param body the request body, sent with a {@code Content-Length}
	 * @throws IOException if the request cannot be written
	 */
	public void send(String method, String path, boolean close, byte[] body) throws IOException {
		String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
				+ (close ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n";
		this.out.write(head.getBytes(StandardCharsets.US_ASCII));
		this.out.write(body);
		this.out.flush();
	}

	public Response exchange(String method, String path) throws IOException {
		send(method, path);
		return readResponse();
	}

	/**
	 * Send a request with extra headers and read its response.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param headers the headers to add, by name
	 * @return the response
	 * @throws IOException if the exchange fails
	 */
	public Response exchange(String method, String path, Map<String, String> headers) throws IOException {
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		this.out.write(head.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		return readResponse();
	}

	public Response readResponse() throws IOException {
		String statusLine = readLine();
		if (statusLine == null) {
			throw new IOException("Connection closed before a response");
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		String body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunkedBody();
		}
		else {
			body = new String(this.in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))),
					StandardCharsets.UTF_8);
		}
		return new Response(status, headers, body);
	}

	/**
	 * Wait until the server closes the connection cleanly.
	 * @param timeout how long to wait
	 * @return {@code true} on a clean end of stream, {@code false} if the connection is
	 * still open after the timeout
	 * @throws IOException if the connection was reset or sent unexpected bytes
	 */
	public boolean awaitEndOfStream(Duration timeout) throws IOException {
		int readTimeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout((int) timeout.toMillis());
		try {
			int read = this.in.read();
			if (read != -1) {
				throw new IOException("Expected end of stream but read a byte: " + (char) read);
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		finally {
			this.socket.setSoTimeout(readTimeout);
		}
	}

	private String readChunkedBody() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = chunkSize(); size > 0; size = chunkSize()) {
			body.write(this.in.readNBytes(size));
			readLine();
		}
		readLine();
		return body.toString(StandardCharsets.UTF_8);
	}

	private int chunkSize() throws IOException {
		String line = readLine();
		if (line == null) {
			throw new IOException("Connection closed before the end of a chunked body");
		}
		return Integer.parseInt(line.trim(), 16);
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = this.in.read()) != -1) {
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) c);
		}
		return (line.length() > 0) ? line.toString() : null;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	public record Response(int status, Map<String, String> headers, String body) {

		public boolean closesConnection() {
			return "close".equalsIgnoreCase(this.headers.get("connection"));
		}

	}

}

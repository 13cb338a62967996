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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy in front of a fixed set of pod slots, as kube-proxy or as an L7 load
 * balancer, driven through its runtime API the way an endpoints controller drives
 * kube-proxy. Retries and redispatch are off: every failure reaches the client.
 */
final class HaProxy implements AutoCloseable {

	private static final String BACKEND = "pods";

	private final Process process;

	private final int port;

	private final int runtimeApiPort;

	private HaProxy(Process process, int port, int runtimeApiPort) {
		this.process = process;
		this.port = port;
		this.runtimeApiPort = runtimeApiPort;
	}

	/**
	 * Whether HAProxy is installed.
	 * @return whether {@code haproxy} can be run
	 */
	static boolean isInstalled() {
		try {
			return new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Start HAProxy in front of the given pod slots, every slot in maintenance: no
	 * endpoint.
	 * @param workDir where to write the configuration and log
	 * @param slotPorts the port of each pod slot, in slot order
	 * @param model how the balancer forwards and learns about pods
	 * @return the running proxy
	 * @throws IOException if HAProxy cannot start
	 */
	static HaProxy start(Path workDir, List<Integer> slotPorts, Model model) throws IOException {
		Files.createDirectories(workDir);
		int port = Pod.freePort();
		// On loopback TCP rather than a unix socket, whose path HAProxy caps at 97 bytes:
		// too few for a deep checkout.
		int runtimeApiPort = Pod.freePort();
		String servers = IntStream.range(0, slotPorts.size())
			.mapToObj((slot) -> "    server " + slotName(slot) + " 127.0.0.1:" + slotPorts.get(slot) + " disabled"
					+ model.serverOptions)
			.collect(Collectors.joining("\n"));
		String config = """
				global
				    stats socket ipv4@127.0.0.1:%d level admin
				    maxconn 4096
				defaults
				    timeout connect 2s
				    timeout client 60s
				    timeout server 60s
				    # Every failure reaches the client: no retry, no redispatch.
				    retries 0
				%s
				frontend in
				    bind 127.0.0.1:%d
				    default_backend %s
				backend %s
				    balance roundrobin
				%s
				%s
				""".formatted(runtimeApiPort, model.defaults, port, BACKEND, BACKEND, model.backendOptions, servers);
		Path configFile = workDir.resolve("haproxy.cfg");
		Files.writeString(configFile, config);
		Path log = workDir.resolve("haproxy.log");
		Process process = new ProcessBuilder("haproxy", "-db", "-f", configFile.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		HaProxy haProxy = new HaProxy(process, port, runtimeApiPort);
		await().atMost(Duration.ofSeconds(10)).ignoreException(ConnectException.class).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("HAProxy exited: " + Files.readString(log));
			}
			return haProxy.runtimeApi("show info").contains("Name: HAProxy");
		});
		return haProxy;
	}

	private static String slotName(int slot) {
		return "slot" + slot;
	}

	int port() {
		return this.port;
	}

	/**
	 * Make a slot an endpoint: new connections may go to it.
	 * @param slot the slot
	 */
	void addEndpoint(int slot) {
		command("set server " + BACKEND + "/" + slotName(slot) + " state ready");
	}

	/**
	 * Remove a slot from the endpoints: no new connection goes to it, and established
	 * connections stay, as with kube-proxy's conntrack entries.
	 * @param slot the slot
	 */
	void removeEndpoint(int slot) {
		command("set server " + BACKEND + "/" + slotName(slot) + " state maint");
	}

	private void command(String command) {
		try {
			String answer = runtimeApi(command).trim();
			if (!answer.isEmpty()) {
				throw new IllegalStateException("HAProxy refused '" + command + "': " + answer);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("HAProxy runtime API failed for '" + command + "'", ex);
		}
	}

	private String runtimeApi(String command) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.runtimeApiPort)) {
			OutputStream out = socket.getOutputStream();
			out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// Without "prompt", HAProxy answers one command and closes the connection.
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
	}

	/**
	 * How the balancer forwards and how it learns that a pod is going.
	 */
	enum Model {

		/**
		 * kube-proxy: TCP forwarding, so a client connection stays on the pod it was
		 * first sent to; a pod leaves the endpoints when the endpoints controller says so,
		 * a lag after its deletion began.
		 */
		KUBE_PROXY("    mode tcp", "", ""),

		/**
		 * An L7 load balancer or ingress: HTTP forwarding over pooled, reused keep-alive
		 * connections to the pods, and active health checks on the readiness probe.
		 */
		L7("""
				    mode http
				    timeout http-keep-alive 60s\
				""", """
				    http-reuse always
				    option httpchk GET /actuator/health/readiness
				    default-server inter 500ms fall 2 rise 1\
				""", " check");

		private final String defaults;

		private final String backendOptions;

		private final String serverOptions;

		Model(String defaults, String backendOptions, String serverOptions) {
			this.defaults = defaults;
			this.backendOptions = backendOptions;
			this.serverOptions = serverOptions;
		}

	}

}

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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.gracefulshutdown.web.RawHttpConnection;

import static org.awaitility.Awaitility.await;

/**
 * A pod: the {@link PodApplication} in a JVM of its own, on a given {@link WebServer},
 * stopped the way the kubelet stops a container, with SIGTERM.
 */
final class Pod implements AutoCloseable {

	/**
	 * JVM options for pods in tests: C1 only, which starts fastest on 2 cores.
	 */
	static final List<String> FAST_STARTUP = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Xshare:auto");

	/**
	 * JVM options for pods whose steady-state speed is measured: the full JIT, as in
	 * production.
	 */
	static final List<String> FULL_JIT = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto");

	/**
	 * Prefix for a pod pinned to the first CPU, so that a load generator pinned to the
	 * other one does not compete with it.
	 */
	static final List<String> ON_FIRST_CPU = List.of("taskset", "-c", "0");

	private static final String MANAGEMENT_PORT_PROPERTY = "management.server.port=";

	private final String name;

	private final int port;

	private final int managementPort;

	private final Process process;

	private final Path log;

	private volatile long terminatedAt;

	private Pod(String name, int port, int managementPort, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.managementPort = managementPort;
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a pod with the starter.
	 * @param name the pod's name
	 * @param server the web server to run on
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod start(String name, WebServer server, int port, Path workDir, String... properties) throws IOException {
		return start(name, server, true, port, workDir, properties);
	}

	/**
	 * Start a pod.
	 * @param name the pod's name, for logs and the {@code X-Pod} response header
	 * @param server the web server to run on
	 * @param starter whether the application has the starter
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod start(String name, WebServer server, boolean starter, int port, Path workDir, String... properties)
			throws IOException {
		return start(name, server, starter, FAST_STARTUP, port, workDir, properties);
	}

	/**
	 * Start a pod with the given JVM options.
	 * @param name the pod's name, for logs and the {@code X-Pod} response header
	 * @param server the web server to run on
	 * @param starter whether the application has the starter
	 * @param jvmOptions the JVM options
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod start(String name, WebServer server, boolean starter, List<String> jvmOptions, int port, Path workDir,
			String... properties) throws IOException {
		return start(List.of(), name, server, starter, jvmOptions, port, workDir, properties);
	}

	/**
	 * Start a pod with the given JVM options, its JVM run through a command prefix such
	 * as {@link #ON_FIRST_CPU}.
	 * @param prefix the command prefix
	 * @param name the pod's name, for logs and the {@code X-Pod} response header
	 * @param server the web server to run on
	 * @param starter whether the application has the starter
	 * @param jvmOptions the JVM options
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod start(List<String> prefix, String name, WebServer server, boolean starter, List<String> jvmOptions,
			int port, Path workDir, String... properties) throws IOException {
		return start(Path.of(System.getProperty("java.home")), prefix, name, server, starter, jvmOptions, port,
				workDir, properties);
	}

	/**
	 * Start a pod with the starter on another JDK than the tests', such as one with
	 * virtual threads when the tests run on Java 17.
	 * @param javaHome the JDK to run the pod on
	 * @param name the pod's name, for logs and the {@code X-Pod} response header
	 * @param server the web server to run on
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod start(Path javaHome, String name, WebServer server, int port, Path workDir, String... properties)
			throws IOException {
		return start(javaHome, List.of(), name, server, true, FAST_STARTUP, port, workDir, properties);
	}

	private static Pod start(Path javaHome, List<String> prefix, String name, WebServer server, boolean starter,
			List<String> jvmOptions, int port, Path workDir, String... properties) throws IOException {
		List<String> command = new ArrayList<>(prefix);
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(server.classpath(starter));
		command.add(PodApplication.class.getName());
		command.add("--pod.name=" + name);
		command.add("--spring.main.web-application-type=" + server.webApplicationType());
		return launch(command, name, port, workDir, properties);
	}

	/**
	 * Start a pod from an executable jar, such as the sample application's.
	 * @param name the pod's name, for its log file
	 * @param jar the jar
	 * @param jvmOptions the JVM options
	 * @param port the port to listen on
	 * @param workDir where to write the pod's log
	 * @param properties application properties, as {@code key=value}
	 * @return the started pod, not necessarily ready yet
	 * @throws IOException if the JVM cannot be started
	 */
	static Pod startJar(String name, Path jar, List<String> jvmOptions, int port, Path workDir, String... properties)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		return launch(command, name, port, workDir, properties);
	}

	private static Pod launch(List<String> command, String name, int port, Path workDir, String... properties)
			throws IOException {
		Files.createDirectories(workDir);
		Path log = workDir.resolve(name + ".log");
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		for (String property : properties) {
			command.add("--" + property);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		int managementPort = Arrays.stream(properties)
			.filter((property) -> property.startsWith(MANAGEMENT_PORT_PROPERTY))
			.mapToInt((property) -> Integer.parseInt(property.substring(MANAGEMENT_PORT_PROPERTY.length())))
			.findFirst()
			.orElse(port);
		return new Pod(name, port, managementPort, process, log);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	/**
	 * Wait until the readiness probe succeeds, as the kubelet would before the pod
	 * becomes an endpoint.
	 * @param timeout how long to wait
	 */
	void awaitReady(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Pod " + this.name + " exited during startup:\n" + log());
			}
			return probe(this.managementPort, "/actuator/health/readiness") == 200;
		});
	}

	/**
	 * Wait until the readiness probe succeeds.
	 * @return the application port
	 */
	int awaitReadyAndGetPort() {
		awaitReady(Duration.ofSeconds(60));
		return this.port;
	}

	/**
	 * Return the status of a GET on a new connection, or -1 if the pod does not answer.
	 * @param path the path to get
	 * @return the status, or -1
	 */
	int probe(String path) {
		return probe(this.port, path);
	}

	private static int probe(int port, String path) {
		try (RawHttpConnection connection = RawHttpConnection.open(port, Duration.ofSeconds(5))) {
			return connection.exchange("GET", path).status();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Return how many application requests the pod is serving, from its Prometheus
	 * endpoint on the management port (the application port unless one is set).
	 * @return the requests in flight
	 * @throws IOException if the pod does not answer
	 */
	double activeRequests() throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(this.managementPort)) {
			return PrometheusScrape.value(connection.exchange("GET", "/actuator/prometheus").body(),
					"graceful_shutdown_active_requests", "protocol=\"http\"");
		}
	}

	/**
	 * Return how many application requests to a path the pod has answered, from its
	 * Prometheus endpoint: Spring Boot's {@code http.server.requests} timer, over every
	 * status.
	 * @param uri the request mapping's path, such as {@code /work}
	 * @return the requests answered, 0 before the first one
	 * @throws IOException if the pod does not answer
	 */
	long requestsAnswered(String uri) throws IOException {
		String scrape;
		try (RawHttpConnection connection = RawHttpConnection.open(this.managementPort)) {
			scrape = connection.exchange("GET", "/actuator/prometheus").body();
		}
		Matcher sample = Pattern.compile("^http_server_requests_seconds_count\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
			.matcher(scrape);
		long answered = 0;
		while (sample.find()) {
			if (sample.group(1).contains("uri=\"" + uri + "\"")) {
				answered += (long) Double.parseDouble(sample.group(2));
			}
		}
		return answered;
	}

	/**
	 * Return how many connections to the pod's application port are connected from the
	 * client's side but not yet accepted by the server: those in the kernel's accept
	 * queue, and those whose handshake the kernel has not completed because that queue
	 * was full (it drops the client's last ACK, and the client believes it is connected).
	 * Read from {@code /proc/net/tcp} and {@code tcp6}, whose receive queue column holds
	 * the accept queue's length for a listening socket.
	 * @return the connections not yet accepted
	 * @throws IOException if {@code /proc} cannot be read or the pod is not listening
	 */
	int unacceptedConnections() throws IOException {
		String localPort = String.format(":%04X", this.port);
		int listening = 0;
		int queued = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			for (String line : Files.readAllLines(Path.of(table))) {
				// sl local_address rem_address st tx_queue:rx_queue ...; 0A is LISTEN, 03 SYN_RECV.
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 4 && fields[1].endsWith(localPort)) {
					if (fields[3].equals("0A")) {
						listening++;
						queued += Integer.parseInt(fields[4].substring(fields[4].indexOf(':') + 1), 16);
					}
					else if (fields[3].equals("03")) {
						queued++;
					}
				}
			}
		}
		if (listening == 0) {
			throw new IOException("Nothing listens on port " + this.port);
		}
		return queued;
	}

	/**
	 * Send SIGTERM, as the kubelet does when a pod is deleted.
	 */
	void terminate() {
		this.terminatedAt = System.nanoTime();
		this.process.destroy();
	}

	/**
	 * Send a signal other than the kubelet's, as a user at a terminal or a second
	 * delete would.
	 * @param signal the signal's name, such as {@code INT} or {@code TERM}
	 * @throws IOException if {@code kill} cannot be run
	 * @throws InterruptedException if interrupted while waiting for {@code kill}
	 */
	void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	/**
	 * Wait for the JVM to exit after {@link #terminate()}.
	 * @param timeout how long to wait
	 * @return the time from SIGTERM to exit
	 * @throws InterruptedException if interrupted while waiting
	 */
	Duration awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Pod " + this.name + " did not exit within " + timeout + ":\n" + log());
		}
		return Duration.ofNanos(System.nanoTime() - this.terminatedAt);
	}

	/**
	 * Wait for the JVM to exit by itself, as one that fails to start does.
	 * @param timeout how long to wait
	 * @return its exit status
	 * @throws InterruptedException if interrupted while waiting
	 */
	int awaitExitWithoutSignal(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Pod " + this.name + " did not exit within " + timeout + ":\n" + log());
		}
		return this.process.exitValue();
	}

	/**
	 * Return the CPU time the pod's JVM has used so far, from {@code /proc}.
	 * @return the CPU time used
	 * @throws IOException if {@code /proc} cannot be read
	 */
	Duration cpuTime() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
		// Fields after the command name, which is in parentheses: utime and stime are the
		// 12th and 13th, in clock ticks of 10 ms.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return Duration.ofMillis(ticks * 10);
	}

	long pid() {
		return this.process.pid();
	}

	int exitCode() {
		return this.process.exitValue();
	}

	String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unavailable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}

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

package io.github.gracefulshutdown.jetty;

import io.github.gracefulshutdown.DrainStartListener;
import io.github.gracefulshutdown.ShutdownStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * {@link DrainStartListener} that shuts Jetty's HTTP/2 sessions down gracefully when the
 * drain starts: a GOAWAY tells each client to open no new stream on the connection and
 * to send its next requests on a new one, through the load balancer, while the streams
 * already open finish. Tomcat and Reactor Netty send it themselves when Spring Boot's
 * graceful shutdown begins; Jetty only stops accepting, so an HTTP/2 client would keep
 * sending streams on a connection that is about to close.
 *
 * @author Graceful Shutdown contributors
 */
final class JettyHttp2GoAway implements DrainStartListener {

	private static final Log logger = LogFactory.getLog(JettyHttp2GoAway.class);

	private final ApplicationContext context;

	private final ShutdownStatistics statistics;

	/**
	 * Create a new {@link JettyHttp2GoAway}.
	 * @param context the context whose Jetty web server's sessions to shut down
	 * @param statistics the statistics to count the connections told to close in
	 */
	JettyHttp2GoAway(ApplicationContext context, ShutdownStatistics statistics) {
		this.context = context;
		this.statistics = statistics;
	}

	@Override
	public void onDrainStart() {
		int sessions = 0;
		for (EndPoint endPoint : JettyEndPoints.connected(this.context)) {
			if (unwrap(endPoint.getConnection()) instanceof HTTP2Connection http2Connection) {
				http2Connection.getSession().shutdown();
				this.statistics.connectionToldToClose();
				sessions++;
			}
		}
		if (sessions > 0) {
			logger.debug("Sent GOAWAY on " + sessions + " HTTP/2 connection(s)");
		}
	}

	/**
	 * Over TLS (h2), the network end point's connection decrypts; the HTTP/2 connection
	 * sits on its decrypted end point.
	 */
	private static @Nullable Connection unwrap(@Nullable Connection connection) {
		Connection current = connection;
		while (current instanceof SslConnection sslConnection) {
			current = sslConnection.getSslEndPoint().getConnection();
		}
		return current;
	}

}

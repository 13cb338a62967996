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

package io.github.gracefulshutdown.grpc;

import io.github.gracefulshutdown.ShutdownStatistics;
import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;

/**
 * New gRPC connections as traffic for a quiet period: a client that has just connected
 * is about to send calls, so the propagation phase must not end under it. Only their
 * arrival counts: an open gRPC connection cannot be told to close before the drain's
 * GOAWAY, so it does not hold the phase open.
 *
 * @author Graceful Shutdown contributors
 */
final class GrpcConnectionArrivals extends ServerTransportFilter {

	private final ShutdownStatistics statistics;

	GrpcConnectionArrivals(ShutdownStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public Attributes transportReady(Attributes transportAttrs) {
		this.statistics.connectionArrived();
		return transportAttrs;
	}

}

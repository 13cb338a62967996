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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A gRPC service without protoc: UTF-8 strings for messages, four methods. {@code Hello}
 * answers at once, {@code Block} once the test opens the gate, {@code Stream} sends
 * "open" and then stays open until its client or the server ends it, and {@code Chat}
 * echoes each message until its client completes.
 */
final class EchoService implements BindableService {

	static final String SERVICE = "test.Echo";

	static final MethodDescriptor<String, String> HELLO = method("Hello", MethodType.UNARY);

	static final MethodDescriptor<String, String> BLOCK = method("Block", MethodType.UNARY);

	static final MethodDescriptor<String, String> STREAM = method("Stream", MethodType.SERVER_STREAMING);

	static final MethodDescriptor<String, String> CHAT = method("Chat", MethodType.BIDI_STREAMING);

	final CountDownLatch gate = new CountDownLatch(1);

	/**
	 * The stream's observer, once a stream is open: a test sends on it after the drain
	 * ended the stream, as an application racing the end would.
	 */
	volatile StreamObserver<String> stream;

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(HELLO, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext("hello " + request);
				response.onCompleted();
			}))
			.addMethod(BLOCK, ServerCalls.asyncUnaryCall((request, response) -> {
				try {
					this.gate.await();
					response.onNext("released");
					response.onCompleted();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}))
			.addMethod(STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
				response.onNext("open");
				this.stream = response;
			}))
			.addMethod(CHAT, ServerCalls.asyncBidiStreamingCall((response) -> new StreamObserver<String>() {

				@Override
				public void onNext(String value) {
					response.onNext(value);
				}

				@Override
				public void onError(Throwable ex) {
				}

				@Override
				public void onCompleted() {
					response.onCompleted();
				}

			}))
			.build();
	}

	private static MethodDescriptor<String, String> method(String name, MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setType(type)
			.setRequestMarshaller(Utf8Marshaller.INSTANCE)
			.setResponseMarshaller(Utf8Marshaller.INSTANCE)
			.build();
	}

	private enum Utf8Marshaller implements MethodDescriptor.Marshaller<String> {

		INSTANCE;

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}

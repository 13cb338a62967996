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

/**
 * Jetty's part in the sequence, with its auto-configuration: open connections for the
 * quiet period, GOAWAY on HTTP/2 and 1001 on native WebSocket sessions as the drain
 * starts, requests waiting for a thread, which the drain lets start (on virtual threads,
 * keeps open) before the connectors shut down, and request threads that stop at once
 * after the drain.
 */
@NullMarked
package io.github.gracefulshutdown.jetty;

import org.jspecify.annotations.NullMarked;

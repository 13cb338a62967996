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
 * The shutdown sequence and its auto-configuration: readiness down, a propagation phase
 * that keeps serving while traffic moves away, a bounded drain, drain participants and a
 * final report. {@code ShutdownSequence} reads top to bottom
 * in the order a SIGTERM meets it. The public types are what applications implement
 * ({@link io.github.gracefulshutdown.DrainParticipant},
 * {@link io.github.gracefulshutdown.DrainStartListener}), read (the phases, the report,
 * the properties) or share with each web server's package.
 */
@NullMarked
package io.github.gracefulshutdown;

import org.jspecify.annotations.NullMarked;

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


package io.github.gracefulshutdown.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * {@code helm template} of the demo chart, or of the team chart that includes the library,
 * through the Helm library that helm-java bundles: no helm binary, no cluster. Each chart's
 * dependencies are built first (see {@link ChartDependencies}).
 * <p>
 * helm-java returns the release manifest only, without hooks, so the
 * {@code helm.sh/hook: test} pod never appears in the output.
 */
final class ChartTemplate {

	/**
	 * The demo chart, from the module directory that Maven runs the tests in, with its
	 * dependencies built.
	 */
	static final Path CHART = ChartDependencies.built(Path.of("../charts/graceful-shutdown-demo"));

	/**
	 * The library chart.
	 */
	static final Path LIBRARY = Path.of("../charts/graceful-shutdown");

	/**
	 * A team's own chart, as the library's README tells a team to write it.
	 */
	static final Path TEAM_CHART = Path.of("src/test/charts/orders");

	/**
	 * The full name of the team chart's objects for {@link #RELEASE_NAME}.
	 */
	static final String TEAM_FULLNAME = "demo-orders";

	static final String RELEASE_NAME = "demo";

	static final String FULLNAME = "demo-graceful-shutdown-demo";

	/**
	 * The cluster version rendered for, as {@code helm install} would see it. Without one,
	 * Helm assumes v1.20, which predates the preStop {@code sleep} action.
	 */
	static final String KUBERNETES_VERSION = "1.33.0";

	private final Path chart;

	private final TemplateCommand command;

	private ChartTemplate(Path chart) {
		this.chart = chart;
		this.command = new Helm(chart).template()
			.withName(RELEASE_NAME)
			.withNamespace("shop")
			.withKubeVersion(KUBERNETES_VERSION);
	}

	static ChartTemplate of() {
		return of(CHART);
	}

	/**
	 * Render a chart whose dependencies are in place, such as a copy of {@link #CHART}.
	 * @param chart the chart's directory
	 * @return the template
	 */
	static ChartTemplate of(Path chart) {
		return new ChartTemplate(chart);
	}

	static ChartTemplate ofTeamChart() {
		return of(ChartDependencies.built(TEAM_CHART));
	}

	/**
	 * Set a value, as {@code --set key=value} does.
	 * @param key the value's path, such as {@code gracefulShutdown.preStop}
	 * @param value the value
	 * @return this template
	 */
	ChartTemplate set(String key, Object value) {
		this.command.set(key, value);
		return this;
	}

	/**
	 * Add the values of one of the chart's chart-testing scenarios.
	 * @param scenario the name of a {@code ci/<scenario>-values.yaml} file
	 * @return this template
	 */
	ChartTemplate withCiValues(String scenario) {
		this.command.withValuesFile(this.chart.resolve("ci").resolve(scenario + "-values.yaml"));
		return this;
	}

	/**
	 * Add values from YAML text, as {@code --values} does with a file: for what
	 * {@code --set} cannot say through helm-java, such as an empty list.
	 * @param yaml the values
	 * @return this template
	 */
	ChartTemplate withValues(String yaml) {
		try {
			Path file = Files.createTempFile("values-", ".yaml");
			file.toFile().deleteOnExit();
			Files.writeString(file, yaml);
			this.command.withValuesFile(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	ChartTemplate withKubeVersion(String version) {
		this.command.withKubeVersion(version);
		return this;
	}

	/**
	 * Render the chart.
	 * @return the manifests, as YAML
	 * @throws IllegalStateException with Helm's message if the chart does not render
	 */
	String yaml() {
		return this.command.call();
	}

	/**
	 * Render the chart and read every object strictly.
	 * @return the rendered objects
	 */
	RenderedChart render() {
		return new RenderedChart(KubernetesManifests.parse(yaml()));
	}

}

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

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.gracefulshutdown.e2e.LoadGenerator.Event;

/**
 * Draws requests per second served by each pod, and failed requests per second, through
 * rolling restarts, one panel per run, as an SVG image.
 */
final class TimelineSvg {

	private static final int WIDTH = 900;

	private static final int PANEL_HEIGHT = 260;

	private static final int LEFT = 60;

	private static final int RIGHT = 160;

	private static final int TOP = 40;

	private static final int BOTTOM = 40;

	private static final String[] COLOURS = { "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf" };

	private TimelineSvg() {
	}

	/**
	 * Draw one panel per run.
	 * @param title the image title
	 * @param panels the runs, by panel title
	 * @return the SVG document
	 */
	static String draw(String title, Map<String, List<Event>> panels) {
		StringBuilder svg = new StringBuilder();
		int height = TOP + panels.size() * (PANEL_HEIGHT + BOTTOM) + 10;
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
				WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
		svg.append(text(LEFT, 22, 16, "bold", title));
		int top = TOP;
		for (Map.Entry<String, List<Event>> panel : panels.entrySet()) {
			drawPanel(svg, panel.getKey(), panel.getValue(), top);
			top += PANEL_HEIGHT + BOTTOM;
		}
		return svg.append("</svg>\n").toString();
	}

	private static void drawPanel(StringBuilder svg, String title, List<Event> events, int top) {
		// The last second is cut short by the end of the load: leave it out.
		int seconds = (int) (events.stream().mapToLong(Event::atMillis).max().orElse(0) / 1000);
		Map<String, int[]> served = new TreeMap<>();
		int[] failed = new int[seconds];
		for (Event event : events) {
			int second = (int) (event.atMillis() / 1000);
			if (second >= seconds) {
				continue;
			}
			if (event.failure() != null) {
				failed[second]++;
			}
			else {
				served.computeIfAbsent(event.pod(), (pod) -> new int[seconds])[second]++;
			}
		}
		int max = 1;
		for (int[] counts : served.values()) {
			for (int count : counts) {
				max = Math.max(max, count);
			}
		}
		max = ((max + 99) / 100) * 100;
		int plotWidth = WIDTH - LEFT - RIGHT;
		double x = (double) plotWidth / Math.max(1, seconds - 1);
		double y = (double) (PANEL_HEIGHT - 30) / max;
		int bottom = top + PANEL_HEIGHT;
		svg.append(text(LEFT, top + 12, 13, "bold", title));
		for (int tick = 0; tick <= max; tick += max / 4) {
			double ty = bottom - tick * y;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, ty,
					LEFT + plotWidth, ty));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
					LEFT - 6, ty + 4, tick));
		}
		for (int second = 0; second < seconds; second += 5) {
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n",
					LEFT + second * x, bottom + 16, second));
		}
		svg.append(String.format(Locale.ROOT,
				"<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">requests/s</text>%n",
				top + PANEL_HEIGHT / 2, top + PANEL_HEIGHT / 2));
		int colour = 0;
		int legend = top + 30;
		for (String pod : new TreeSet<>(served.keySet())) {
			int[] counts = served.get(pod);
			StringBuilder points = new StringBuilder();
			for (int second = 0; second < seconds; second++) {
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + second * x, bottom - counts[second] * y));
			}
			String stroke = COLOURS[colour++ % COLOURS.length];
			svg.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", stroke,
					points.toString().trim()));
			svg.append(legendEntry(LEFT + plotWidth + 15, legend, stroke, pod));
			legend += 18;
		}
		int total = 0;
		for (int second = 0; second < seconds; second++) {
			total += failed[second];
			if (failed[second] > 0) {
				double height = Math.max(3, failed[second] * y);
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d62728\"/>%n",
						LEFT + second * x - 3, bottom - height, 6.0, height));
			}
		}
		svg.append(legendEntry(LEFT + plotWidth + 15, legend, "#d62728", "failed (" + total + ")"));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, bottom,
				LEFT + plotWidth, bottom));
	}

	private static String legendEntry(int x, int y, String colour, String label) {
		return String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
				x, y - 10, colour, x + 18, y, escape(label));
	}

	private static String text(int x, int y, int size, String weight, String content) {
		return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
				x, y, size, weight, escape(content));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}

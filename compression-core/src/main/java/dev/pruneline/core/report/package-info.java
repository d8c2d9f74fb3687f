/**
 * The report written next to every bundle a compression step produces: {@code report.json}
 * ({@link CompressionReport}, versioned) and {@code report.html} with inline SVG plots of the
 * sensitivity curves and of accuracy against size ({@link HtmlReport}, {@link SvgPlot}).
 */
package dev.pruneline.core.report;

package dev.pruneline.core.report;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.measure.BundleMetrics;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.plan.SensitivityPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The human view of a {@link CompressionReport}: one self-contained HTML page (inline SVG plots of
 * the sensitivity curves and of accuracy against MACs, the metrics before and after, the plan) written
 * beside {@code report.json} as {@code report.html}.
 */
public final class HtmlReport {
    /** File name beside report.json. */
    public static final String FILE = "report.html";

    private HtmlReport() {}

    /** The sensitivity curves as one SVG chart. */
    public static String sensitivitySvg(List<SensitivityCurve> curves, String title) {
        SvgPlot plot = SvgPlot.titled(title).axes("share of the unit removed", "validation accuracy");
        for (SensitivityCurve c : curves) {
            double[] x = new double[c.points().size() + 1];
            double[] y = new double[x.length];
            y[0] = c.baseline();
            for (int i = 0; i < c.points().size(); i++) {
                SensitivityPoint p = c.points().get(i);
                x[i + 1] = p.ratio();
                y[i + 1] = p.accuracy();
            }
            plot.line(c.unit(), x, y);
        }
        return plot.render();
    }

    /** Accuracy against non-zero MACs along the run. */
    public static String historySvg(List<HistoryPoint> history) {
        double[] x = history.stream().mapToDouble(HistoryPoint::macs).toArray();
        double[] y = history.stream().mapToDouble(HistoryPoint::accuracy).toArray();
        String[] labels = history.stream().map(HistoryPoint::label).toArray(String[]::new);
        return SvgPlot.titled("accuracy against size")
                .axes("non-zero MACs per image", "test accuracy")
                .points("models", x, y, labels)
                .render();
    }

    /** Writes {@code report.html} for {@code report} into {@code dir}. */
    public static Path write(CompressionReport report, Path dir) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(SvgPlot.esc(report.model() + " " + report.step()))
                .append("</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>\n");
        h.append("<h1>")
                .append(SvgPlot.esc(report.model()))
                .append(": ")
                .append(SvgPlot.esc(report.step()))
                .append("</h1>\n<p>")
                .append(report.createdAt() == null ? "" : SvgPlot.esc(report.createdAt()) + " &middot; ")
                .append("engine ")
                .append(SvgPlot.esc(String.valueOf(report.engine())))
                .append("</p>\n");
        h.append("<table><tr><th></th><th>accuracy</th><th>parameters</th><th>non-zero</th><th>MACs</th>"
                + "<th>non-zero MACs</th><th>energy (uJ)</th><th>bytes</th></tr>\n");
        row(h, "before", report.before());
        row(h, "after", report.after());
        h.append("</table>\n");
        if (report.plan() != null) {
            h.append("<h2>Plan</h2><p>")
                    .append(SvgPlot.esc(String.format(
                            Locale.ROOT,
                            "%s target %.3f, achieved %.3f (%s)",
                            report.plan().kind().jsonName(),
                            report.plan().target(),
                            report.plan().achieved(),
                            report.plan().method())))
                    .append("</p><table><tr><th>unit</th>" + "<th>ratio</th></tr>\n");
            report.plan()
                    .ratios()
                    .forEach((u, r) -> h.append(
                            String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f</td></tr>%n", SvgPlot.esc(u), r)));
            h.append("</table>\n");
        }
        if (report.sensitivity() != null && !report.sensitivity().isEmpty()) {
            h.append("<h2>Sensitivity</h2>\n").append(sensitivitySvg(report.sensitivity(), "sensitivity"));
        }
        if (report.history() != null && report.history().size() > 1) {
            h.append("<h2>Accuracy against size</h2>\n").append(historySvg(report.history()));
        }
        h.append("</body></html>\n");
        Path file = dir.resolve(FILE);
        try {
            Files.writeString(file, h, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new CompressionException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder h, String name, BundleMetrics m) {
        if (m == null) {
            return;
        }
        h.append(String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td>%.4f</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                        + "<td>%.1f</td><td>%d</td></tr>%n",
                name,
                m.accuracy(),
                m.parameters(),
                m.nonzeroParameters(),
                m.macs(),
                m.nonzeroMacs(),
                m.energyMicrojoules(),
                m.bundleBytes()));
    }
}

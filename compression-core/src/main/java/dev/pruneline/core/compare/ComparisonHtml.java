package dev.pruneline.core.compare;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.report.SvgPlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link ComparisonResult} as one self-contained HTML page: the table, an SVG plot of test accuracy
 * against non-zero MACs (each criterion a segment from right after pruning to after fine-tuning),
 * the rank correlations with the oracle, the random-search record and the machine.
 */
public final class ComparisonHtml {
    private ComparisonHtml() {}

    /** The plot alone. */
    public static String svg(ComparisonResult r) {
        SvgPlot plot = SvgPlot.titled("criteria at " + r.target() + ": after pruning -> after fine-tuning")
                .axes("non-zero MACs per image", "test accuracy");
        plot.points(
                "unpruned",
                new double[] {r.baseline().nonzeroMacs()},
                new double[] {r.baseline().tunedAccuracy()},
                new String[] {"unpruned"});
        for (ComparisonResult.Row row : r.rows()) {
            if (row.ok()) {
                plot.points(
                        row.criterion(),
                        new double[] {row.nonzeroMacs(), row.nonzeroMacs()},
                        new double[] {row.prunedAccuracy(), row.tunedAccuracy()},
                        new String[] {"", row.criterion()});
            }
        }
        return plot.render();
    }

    /** Writes the page to {@code file}. */
    public static Path write(ComparisonResult r, Path file) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(r.model()))
                .append(" criteria comparison</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child{text-align:left}</style></head><body>\n");
        h.append("<h1>")
                .append(esc(r.model()))
                .append(": criteria at ")
                .append(esc(r.target()))
                .append("</h1>\n<p>")
                .append(r.fineTuneEpochs())
                .append(" fine-tuning epoch(s) per criterion; accuracies on the test split;"
                        + " criterion time = wall time inside the criterion's scoring.</p>\n");
        h.append("<table><tr><th>criterion</th><th>granularity</th><th>acc. pruned</th><th>acc. fine-tuned</th>"
                + "<th>reduction</th><th>MACs</th><th>non-zero MACs</th><th>parameters</th><th>non-zero params</th>"
                + "<th>criterion s</th><th>total s</th><th>status</th></tr>\n");
        row(h, r.baseline());
        r.rows().forEach(row -> row(h, row));
        h.append("</table>\n<h2>Plot</h2>\n").append(svg(r));
        if (r.ranks() != null) {
            h.append("<h2>Channel rankings against the oracle (Spearman rho, ")
                    .append(r.ranks().channels())
                    .append(
                            " channels, per group weighted by size)</h2>\n<table><tr><th>ranking</th><th>rho</th></tr>\n");
            r.ranks()
                    .versusOracle()
                    .forEach((n, rho) ->
                            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f</td></tr>%n", esc(n), rho)));
            h.append(String.format(
                    Locale.ROOT,
                    "<tr><td>random (mean of %d)</td><td>%.3f</td></tr>%n</table>%n",
                    r.ranks().randomDraws(),
                    r.ranks().randomVersusOracle()));
        }
        if (r.search() != null) {
            h.append(String.format(
                    Locale.ROOT,
                    "<h2>Random search</h2><p>%d masks at ratio %.3f: chosen %.4f,"
                            + " median %.4f, worst %.4f (validation accuracy, before batch-norm re-estimation)</p>%n",
                    r.search().masks(),
                    r.search().ratio(),
                    r.search().chosen(),
                    r.search().median(),
                    r.search().worst()));
        }
        h.append("<h2>Machine</h2><table>\n");
        r.machine()
                .forEach((k, v) -> h.append("<tr><td>")
                        .append(esc(k))
                        .append("</td><td>")
                        .append(esc(String.valueOf(v)))
                        .append("</td></tr>\n"));
        h.append("</table></body></html>\n");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, h, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new CompressionException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder h, ComparisonResult.Row r) {
        h.append(String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%,d</td>"
                        + "<td>%,d</td><td>%,d</td><td>%,d</td><td>%.1f</td><td>%.1f</td><td>%s</td></tr>%n",
                esc(r.criterion()),
                r.granularity(),
                r.prunedAccuracy(),
                r.tunedAccuracy(),
                r.achieved(),
                r.macs(),
                r.nonzeroMacs(),
                r.parameters(),
                r.nonzeroParameters(),
                r.criterionSeconds(),
                r.totalSeconds(),
                esc(r.status())));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.pruneline.registry.console;

import io.quarkus.qute.RawString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console's charts as inline SVG, drawn on the server: no script, readable with JavaScript off. Every text that
 * goes into a chart (titles, legends, layer names, labels) is escaped here; the result is the only markup the pages
 * insert unescaped ({@link RawString}).
 */
public final class Charts {

    private static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };
    /** Bars drawn before and after a change. */
    static final String BEFORE_COLOUR = "#b0b7c3";

    static final String AFTER_COLOUR = "#1f77b4";

    private Charts() {}

    /** One series of a line chart; {@code labels} (one per point) may be null. */
    public record Series(String name, double[] x, double[] y, String[] labels) {}

    /** One row of a bar chart: a label and two values drawn side by side. */
    public record Bar(String label, double first, double second) {}

    /** Escapes text for HTML and SVG content and attribute values. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A small line of {@code values} in order (e.g. accuracy over versions), the last point marked; empty when there
     * is nothing to draw. {@code title} is what a pointer over it shows.
     */
    public static RawString sparkline(double[] values, String title) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                points.add(new double[] {i, values[i]});
            }
        }
        if (points.isEmpty()) {
            return new RawString("");
        }
        int w = 120;
        int h = 28;
        double min = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double max = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
        double span = max > min ? max - min : 1;
        double xSpan = Math.max(1, values.length - 1);
        StringBuilder pts = new StringBuilder();
        double lastX = 0;
        double lastY = 0;
        for (double[] p : points) {
            lastX = 3 + (w - 6) * (values.length == 1 ? 0.5 : p[0] / xSpan);
            lastY = max > min ? 3 + (h - 6) * (1 - (p[1] - min) / span) : h / 2.0;
            pts.append(f("%.1f,%.1f ", lastX, lastY));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(f(
                "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
                w, h, w, h, escape(title), escape(title)));
        if (points.size() > 1) {
            sb.append(f(
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                    pts.toString().trim(), AFTER_COLOUR));
        }
        sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/></svg>", lastX, lastY, AFTER_COLOUR));
        return new RawString(sb.toString());
    }

    /** A line chart of several series with axes, grid and legend; empty when no series has a point. */
    public static RawString lines(String title, String xLabel, String yLabel, List<Series> series) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (x0 == Double.POSITIVE_INFINITY) {
            return new RawString("");
        }
        if (!(x1 > x0)) {
            x1 = x0 + 1;
        }
        if (!(y1 > y0)) {
            y1 = y0 + 0.01;
        }
        double pad = (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        int w = 640;
        int h = 360;
        int l = 64;
        int r = 170;
        int t = 36;
        int b = 48;
        int pw = w - l - r;
        int ph = h - t - b;
        StringBuilder sb = new StringBuilder();
        sb.append(f(
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\""
                        + " aria-label=\"%s\">%n",
                w, h, w, h, escape(title)));
        sb.append(f("<title>%s</title>%n", escape(title)));
        sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        sb.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", l, escape(title)));
        sb.append(f(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", l, t, pw, ph));
        for (int i = 0; i <= 4; i++) {
            double px = l + pw * i / 4.0;
            double py = t + ph - ph * i / 4.0;
            sb.append(f(
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px, t + ph + 15, tick(x0 + (x1 - x0) * i / 4)));
            sb.append(f(
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    l - 4, py + 4, tick(y0 + (y1 - y0) * i / 4)));
            sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", l, py, l + pw, py));
        }
        sb.append(f(
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", l + pw / 2.0, h - 10, escape(xLabel)));
        sb.append(f(
                "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>%n",
                t + ph / 2.0, t + ph / 2.0, escape(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String c = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                    continue;
                }
                double px = l + pw * (s.x()[i] - x0) / (x1 - x0);
                double py = t + ph - ph * (s.y()[i] - y0) / (y1 - y0);
                pts.append(f("%.1f,%.1f ", px, py));
                sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, c));
                if (s.labels() != null && i < s.labels().length && s.labels()[i] != null) {
                    sb.append(f("<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", px + 5, py - 5, escape(s.labels()[i])));
                }
            }
            if (pts.length() > 0 && s.x().length > 1) {
                sb.append(f(
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                        pts.toString().trim(), c));
            }
            int ly = t + 12 + 16 * k;
            sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", l + pw + 10, ly - 9, c));
            sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", l + pw + 24, ly, escape(clip(s.name(), 22))));
        }
        sb.append("</svg>\n");
        return new RawString(sb.toString());
    }

    /**
     * Horizontal bars, two per row (e.g. a layer's width before and after pruning), with a legend naming the two;
     * empty when there are no rows.
     */
    public static RawString bars(String title, String firstName, String secondName, List<Bar> rows) {
        if (rows.isEmpty()) {
            return new RawString("");
        }
        double max = rows.stream()
                .mapToDouble(b -> Math.max(b.first(), b.second()))
                .filter(Double::isFinite)
                .max()
                .orElse(1);
        if (!(max > 0)) {
            max = 1;
        }
        int w = 640;
        int l = 130;
        int r = 80;
        int t = 44;
        int row = 24;
        int h = t + rows.size() * row + 12;
        int pw = w - l - r;
        StringBuilder sb = new StringBuilder();
        sb.append(f(
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\""
                        + " aria-label=\"%s\">%n",
                w, h, w, h, escape(title)));
        sb.append(f("<title>%s</title>%n", escape(title)));
        sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        sb.append(f("<text x=\"8\" y=\"18\" font-size=\"14\">%s</text>%n", escape(title)));
        sb.append(f("<rect x=\"%d\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", l, BEFORE_COLOUR));
        sb.append(f("<text x=\"%d\" y=\"35\">%s</text>%n", l + 14, escape(firstName)));
        sb.append(f("<rect x=\"%d\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", l + 160, AFTER_COLOUR));
        sb.append(f("<text x=\"%d\" y=\"35\">%s</text>%n", l + 174, escape(secondName)));
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i);
            int y = t + i * row;
            sb.append(f(
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    l - 6, y + 15, escape(clip(bar.label(), 20))));
            bar(sb, l, y + 2, pw * value(bar.first()) / max, BEFORE_COLOUR, bar.first());
            bar(sb, l, y + 12, pw * value(bar.second()) / max, AFTER_COLOUR, bar.second());
        }
        sb.append("</svg>\n");
        return new RawString(sb.toString());
    }

    private static void bar(StringBuilder sb, int x, int y, double width, String colour, double value) {
        sb.append(f(
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" fill=\"%s\"><title>%s</title></rect>%n",
                x, y, Math.max(width, 0.5), colour, escape(tick(value))));
        sb.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%s</text>%n", x + width + 4, y + 8, tick(value)));
    }

    private static double value(double v) {
        return Double.isFinite(v) && v > 0 ? v : 0;
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** An axis or bar value: 416.5k, 0.981, 12. */
    static String tick(double v) {
        double a = Math.abs(v);
        if (a >= 1e3) {
            return Format.shortCount(v);
        }
        if (v == Math.rint(v)) {
            return f("%.0f", v);
        }
        return f("%.3f", v);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}

package dev.pruneline.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line/scatter chart (no scripts, no external files), enough for
 * sensitivity curves and accuracy-against-size plots. Build with {@link #titled(String)}.
 */
public final class SvgPlot {
    private static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };
    private static final int W = 640;
    private static final int H = 400;
    private static final int L = 60;
    private static final int R = 170;
    private static final int T = 40;
    private static final int B = 50;

    private final String title;
    private String xLabel = "";
    private String yLabel = "";
    private final List<Series> series = new ArrayList<>();

    private record Series(String name, double[] x, double[] y, String[] labels, boolean line) {}

    private SvgPlot(String title) {
        this.title = title;
    }

    /** A new empty plot. */
    public static SvgPlot titled(String title) {
        return new SvgPlot(title);
    }

    /** Axis labels. */
    public SvgPlot axes(String x, String y) {
        xLabel = x;
        yLabel = y;
        return this;
    }

    /** A polyline with markers. */
    public SvgPlot line(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, null, true));
        return this;
    }

    /** Labelled points joined in order. */
    public SvgPlot points(String name, double[] x, double[] y, String[] labels) {
        series.add(new Series(name, x, y, labels, true));
        return this;
    }

    /** The SVG document. */
    public String render() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                x0 = Math.min(x0, s.x()[i]);
                x1 = Math.max(x1, s.x()[i]);
                y0 = Math.min(y0, s.y()[i]);
                y1 = Math.max(y1, s.y()[i]);
            }
        }
        if (!(x1 > x0)) {
            x1 = x0 + 1;
        }
        if (!(y1 > y0)) {
            y1 = y0 + 0.01;
        }
        double padY = (y1 - y0) * 0.05;
        y0 -= padY;
        y1 += padY;
        StringBuilder sb = new StringBuilder();
        sb.append(f(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n",
                W, H));
        sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        sb.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", L, esc(title)));
        int pw = W - L - R;
        int ph = H - T - B;
        sb.append(f(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", L, T, pw, ph));
        for (int i = 0; i <= 4; i++) {
            double xv = x0 + (x1 - x0) * i / 4;
            double yv = y0 + (y1 - y0) * i / 4;
            double px = L + pw * i / 4.0;
            double py = T + ph - ph * i / 4.0;
            sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, T + ph + 15, num(xv)));
            sb.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L - 4, py + 4, num(yv)));
            sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", L, py, L + pw, py));
        }
        sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", L + pw / 2.0, H - 12, esc(xLabel)));
        sb.append(f(
                "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>%n",
                T + ph / 2.0, T + ph / 2.0, esc(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String c = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double px = L + pw * (s.x()[i] - x0) / (x1 - x0);
                double py = T + ph - ph * (s.y()[i] - y0) / (y1 - y0);
                pts.append(f("%.1f,%.1f ", px, py));
                sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, c));
                if (s.labels() != null) {
                    sb.append(f("<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", px + 5, py - 5, esc(s.labels()[i])));
                }
            }
            if (s.line() && s.x().length > 1) {
                sb.append(f(
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                        pts.toString().trim(), c));
            }
            int ly = T + 12 + 16 * k;
            sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", L + pw + 10, ly - 9, c));
            sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", L + pw + 24, ly, esc(s.name())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String num(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return f("%.2fM", v / 1e6);
        }
        if (a >= 1e3) {
            return f("%.1fk", v / 1e3);
        }
        return f("%.3f", v);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

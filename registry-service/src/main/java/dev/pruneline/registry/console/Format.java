package dev.pruneline.registry.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes numbers, sizes, times and durations. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {}

    /** An accuracy in 0..1 as a percentage with two decimals; a dash when not a number. */
    static String accuracy(double accuracy) {
        return Double.isFinite(accuracy) ? String.format(Locale.ROOT, "%.2f%%", 100 * accuracy) : "–";
    }

    /** A count with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A large count, shortened: 416.5k, 1.23M, 4.10G. */
    static String shortCount(double n) {
        double a = Math.abs(n);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", n);
    }

    /** A size in bytes: 812 B, 240.1 KiB, 3.4 MiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    /** A share in 0..1 as a percentage with one decimal. */
    static String share(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : "–";
    }

    /** Percentage points with two decimals. */
    static String points(double pp) {
        return Double.isFinite(pp) ? String.format(Locale.ROOT, "%.2f pp", pp) : "–";
    }

    /** Milliseconds with the precision they deserve. */
    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    /** An instant in UTC, to the second; empty for null. */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** An instant as the {@code datetime} attribute of a {@code <time>} element. */
    static String isoTime(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** A duration: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            return "–";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** The change from {@code before} to {@code after} in percent of before, signed: -80.0%. */
    static String relative(double before, double after) {
        if (!(before != 0) || !Double.isFinite(before) || !Double.isFinite(after)) {
            return "";
        }
        double change = 100 * (after - before) / before;
        if (Math.abs(change) < 0.05) {
            return "±0%";
        }
        return String.format(Locale.ROOT, "%+.1f%%", change);
    }
}

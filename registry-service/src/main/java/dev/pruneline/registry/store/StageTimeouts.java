package dev.pruneline.registry.store;

import java.time.Duration;
import java.util.Locale;

/** The failure the stage watchdog records for a release that sat too long in a status that is not final. */
final class StageTimeouts {

    /** The config key of the timeout, named in every such failure. */
    static final String KEY = "pruneline.registry.stage-timeout";

    private StageTimeouts() {}

    /** The failure of a release that sat in {@code status} for longer than {@code timeout}. */
    static Failure failure(ReleaseStatus status, Duration timeout) {
        String within = " within " + human(timeout) + " of ";
        String why = switch (status) {
            case RELEASED -> "no model.pruned" + within + "model.released";
            case PRUNED -> "no model.retrained" + within + "model.pruned";
            case RETRAINED -> "no decision" + within + "model.retrained";
            default -> throw new IllegalArgumentException(status + " is final: no stage is late");
        };
        return new Failure(next(status), why + " (stage timeout " + KEY + ")");
    }

    /** The stage that did not finish: the one a release in {@code status} waits for. */
    private static String next(ReleaseStatus status) {
        return switch (status) {
            case RELEASED -> "pruned";
            case PRUNED -> "retrained";
            default -> "decided";
        };
    }

    /** {@code PT6H} as {@code 6h}, {@code PT1H30M} as {@code 1h30m}. */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}

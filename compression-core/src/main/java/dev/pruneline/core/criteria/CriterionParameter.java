package dev.pruneline.core.criteria;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One documented parameter of a criterion, as it arrives in {@code PruneRequest.parameters()} (from
 * a release's {@code param.<key>} or the CLI's {@code --param key=value}). Build with
 * {@link #integer}, {@link #number} or {@link #choice}; read with {@link #intOf}, {@link #numberOf},
 * {@link #textOf}: a missing key gives the default, a bad value a {@link CriterionException} naming
 * criterion, key, the allowed values and what was given.
 *
 * @param key parameter name, e.g. {@code bins}
 * @param fallback default value as text
 * @param description one line for help texts and docs
 * @param kind integer, number or choice
 * @param min smallest allowed value (integer and number)
 * @param max largest allowed value (integer and number)
 * @param choices allowed values (choice)
 */
public record CriterionParameter(
        String key, String fallback, String description, Kind kind, double min, double max, List<String> choices) {

    /** The value kinds. */
    public enum Kind {
        /** A whole number in [min, max]. */
        INTEGER,
        /** A number in [min, max]. */
        NUMBER,
        /** One of {@code choices}. */
        CHOICE
    }

    public CriterionParameter {
        choices = List.copyOf(choices);
    }

    /** A whole-number parameter in [min, max]. */
    public static CriterionParameter integer(String key, int fallback, int min, int max, String description) {
        return new CriterionParameter(key, Integer.toString(fallback), description, Kind.INTEGER, min, max, List.of());
    }

    /** A number parameter in [min, max]. */
    public static CriterionParameter number(String key, double fallback, double min, double max, String description) {
        return new CriterionParameter(key, Double.toString(fallback), description, Kind.NUMBER, min, max, List.of());
    }

    /** A parameter taking one of {@code choices}; the first is the default. */
    public static CriterionParameter choice(String key, String description, String... choices) {
        return new CriterionParameter(key, choices[0], description, Kind.CHOICE, 0, 0, List.of(choices));
    }

    /** The common {@code images} parameter: calibration images taken from the validation split. */
    public static CriterionParameter images(int fallback) {
        return integer(
                "images",
                fallback,
                1,
                1_000_000,
                "calibration images (the first N of the validation split) whose activations are reduced batch by batch");
    }

    /** The integer value in {@code parameters}, or the default. */
    public int intOf(String criterion, Map<String, String> parameters) {
        return (int) parse(criterion, parameters);
    }

    /** The number value in {@code parameters}, or the default. */
    public double numberOf(String criterion, Map<String, String> parameters) {
        return parse(criterion, parameters);
    }

    /** The choice value in {@code parameters}, or the default. */
    public String textOf(String criterion, Map<String, String> parameters) {
        String v = parameters.getOrDefault(key, fallback).trim();
        if (kind == Kind.CHOICE && !choices.contains(v)) {
            throw bad(criterion, v, "one of " + String.join(", ", choices));
        }
        return v;
    }

    /** Throws when the value in {@code parameters} is not acceptable. */
    public void check(String criterion, Map<String, String> parameters) {
        if (kind == Kind.CHOICE) {
            textOf(criterion, parameters);
        } else {
            parse(criterion, parameters);
        }
    }

    /** How the parameter reads in help texts: {@code bins (integer 2..10000, default 100): ...}. */
    public String help() {
        String range = switch (kind) {
            case INTEGER -> String.format(Locale.ROOT, "integer %d..%d", (long) min, (long) max);
            case NUMBER -> String.format(Locale.ROOT, "number %s..%s", fmt(min), fmt(max));
            case CHOICE -> String.join(" | ", choices);
        };
        return key + " (" + range + ", default " + fallback + "): " + description;
    }

    private double parse(String criterion, Map<String, String> parameters) {
        String v = parameters.getOrDefault(key, fallback).trim();
        String allowed = kind == Kind.INTEGER
                ? String.format(Locale.ROOT, "a whole number from %d to %d", (long) min, (long) max)
                : "a number from " + fmt(min) + " to " + fmt(max);
        double d;
        try {
            d = kind == Kind.INTEGER ? Integer.parseInt(v) : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(criterion, v, allowed);
        }
        if (!(d >= min && d <= max)) {
            throw bad(criterion, v, allowed);
        }
        return d;
    }

    private CriterionException bad(String criterion, String value, String allowed) {
        return new CriterionException(
                "criterion '" + criterion + "': parameter " + key + " must be " + allowed + ", got '" + value + "'");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

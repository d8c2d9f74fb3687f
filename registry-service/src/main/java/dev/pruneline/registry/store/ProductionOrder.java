package dev.pruneline.registry.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a candidate the promotion gate accepted may become its model's production release. The gate only moves
 * production forward, and never over an operator's word:
 *
 * <ol>
 *   <li><b>Forward only.</b> A candidate whose version is not newer than the production version (in
 *       {@link #VERSIONS} order) does not replace it: a late candidate of an older version never pushes production
 *       back.
 *   <li><b>An operator's change holds.</b> When production was last set by an operator (a promote or a roll back),
 *       a candidate of a release that the registry had already seen when the operator made the change (it was in
 *       flight) does not replace it, whatever its version: the operator decided knowing of it. Releases that arrive
 *       after the change go through the gate as usual (rule 1 still applies). So after a roll back from version 3
 *       to 2, neither 3 (decided already: a decision is never made twice) nor anything in flight at the time comes
 *       back through the gate; the next release does.
 * </ol>
 *
 * <p>Such a candidate is decided {@code REJECTED} (published on {@code model.rejected}, so nothing downstream deploys
 * it), with the gate's own reason followed by why it was not made production; an operator may still promote it by
 * hand. Applied by {@link JdbcRegistryStore#recordRetrained} under the model's lock, so the production it compares
 * with is the one the decision would replace.
 */
public final class ProductionOrder {

    /**
     * Version order: versions are split into runs of digits and runs of other characters ({@code .}, {@code -},
     * {@code _} and {@code +} only separate); runs of digits compare as numbers ({@code 1.10 > 1.9}), other runs
     * case-insensitively as text, and a number is newer than text at the same place ({@code 1.0.1 > 1.0-rc1}). When
     * one version is the start of the other, the longer one is newer if it goes on with a number ({@code 1.0.1 >
     * 1.0}), older if it goes on with text ({@code 1.0-rc1 < 1.0}). Versions differing only in zeros ({@code 1.0},
     * {@code 1.00}) or case are equal in this order.
     */
    public static final Comparator<String> VERSIONS = ProductionOrder::compareVersions;

    private ProductionOrder() {}

    /**
     * Why a candidate the gate accepted must not become production, or empty when it may.
     *
     * @param model            the model
     * @param current          the newest production change of the model; null if it has never been in production
     * @param version          the candidate's version
     * @param releaseCreatedAt when the registry first recorded the candidate's release
     */
    public static Optional<String> holdBack(
            String model, ProductionChange current, String version, Instant releaseCreatedAt) {
        if (current == null) {
            return Optional.empty();
        }
        if (compareVersions(version, current.version()) <= 0) {
            return Optional.of("production of " + model + " is at version " + current.version() + ", "
                    + (compareVersions(version, current.version()) == 0 ? "the same as " : "newer than ") + version
                    + ", and the gate never moves production back");
        }
        if (current.action() != ProductionChange.Action.GATE && !releaseCreatedAt.isAfter(current.changedAt())) {
            String what = current.action() == ProductionChange.Action.ROLLBACK
                    ? "rolled production back to version " + current.version()
                    : "promoted version " + current.version();
            return Optional.of("operator " + current.actor() + " " + what + " at " + current.changedAt()
                    + ", after this release arrived (" + releaseCreatedAt + "), and the gate does not override an"
                    + " operator's change with a release that was already in flight; an operator may promote it");
        }
        return Optional.empty();
    }

    static int compareVersions(String a, String b) {
        List<String> x = tokens(a);
        List<String> y = tokens(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = compareTokens(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        // One is the start of the other: zeros add nothing (1.0 = 1); then a further number makes the longer one
        // newer (1.0.1 > 1.0), further text older (1.0-rc1 < 1.0).
        boolean aLonger = x.size() > y.size();
        List<String> rest = aLonger ? x.subList(y.size(), x.size()) : y.subList(x.size(), y.size());
        for (String token : rest) {
            if (isNumber(token) && new BigInteger(token).signum() == 0) {
                continue;
            }
            int longerIsNewer = isNumber(token) ? 1 : -1;
            return aLonger ? longerIsNewer : -longerIsNewer;
        }
        return 0;
    }

    private static int compareTokens(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (na != nb) {
            return na ? 1 : -1;
        }
        return a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
    }

    private static boolean isNumber(String token) {
        return !token.isEmpty() && token.charAt(0) >= '0' && token.charAt(0) <= '9';
    }

    /** Runs of ASCII digits and runs of other characters than digits and the separators {@code . - _ +}. */
    private static List<String> tokens(String version) {
        List<String> tokens = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        Boolean digits = null;
        for (char ch : version.toCharArray()) {
            if (ch == '.' || ch == '-' || ch == '_' || ch == '+') {
                flush(tokens, run);
                digits = null;
                continue;
            }
            boolean d = ch >= '0' && ch <= '9';
            if (digits != null && d != digits) {
                flush(tokens, run);
            }
            run.append(ch);
            digits = d;
        }
        flush(tokens, run);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder run) {
        if (!run.isEmpty()) {
            tokens.add(run.toString());
            run.setLength(0);
        }
    }
}

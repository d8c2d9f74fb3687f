package dev.pruneline.core.prune;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Maps policy strings ({@code magnitude}, later {@code apoz}, {@code taylor}, ...) to criteria. */
public final class CriterionRegistry {
    private static final Map<String, Supplier<ImportanceCriterion>> CRITERIA = new LinkedHashMap<>();

    static {
        CRITERIA.put(MagnitudeCriterion.NAME, MagnitudeCriterion::new);
    }

    private CriterionRegistry() {
    }

    /** A new instance of the named criterion. */
    public static ImportanceCriterion get(String name) {
        Supplier<ImportanceCriterion> s = CRITERIA.get(name);
        if (s == null) {
            throw new PruneException("unknown criterion '" + name + "' (known: " + String.join(", ", known()) + ")");
        }
        return s.get();
    }

    /** The registered names. */
    public static Set<String> known() {
        return java.util.Collections.unmodifiableSet(CRITERIA.keySet());
    }
}

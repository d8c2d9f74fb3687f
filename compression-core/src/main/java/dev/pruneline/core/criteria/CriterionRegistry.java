package dev.pruneline.core.criteria;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Maps policy strings ({@code magnitude}, {@code taylor}, later {@code apoz}, ...) to criteria. */
public final class CriterionRegistry {
    private static final Map<String, Supplier<ImportanceCriterion>> CRITERIA = new LinkedHashMap<>();

    static {
        CRITERIA.put(MagnitudeCriterion.NAME, MagnitudeCriterion::new);
        CRITERIA.put(TaylorCriterion.NAME, TaylorCriterion::new);
    }

    private CriterionRegistry() {
    }

    /** A new instance of the named criterion. */
    public static ImportanceCriterion get(String name) {
        Supplier<ImportanceCriterion> s = CRITERIA.get(name);
        if (s == null) {
            throw new CriterionException("unknown criterion '" + name + "' (known: " + String.join(", ", known())
                    + ")");
        }
        return s.get();
    }

    /** The registered names. */
    public static Set<String> known() {
        return java.util.Collections.unmodifiableSet(CRITERIA.keySet());
    }
}

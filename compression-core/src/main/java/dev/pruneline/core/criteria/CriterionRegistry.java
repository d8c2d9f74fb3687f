package dev.pruneline.core.criteria;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Maps policy strings to criteria: {@code magnitude}, {@code apoz}, {@code entropy}, {@code energy},
 * {@code random-search}, {@code lda}, {@code correlation}, {@code taylor}, {@code oracle}. Each
 * {@link #get} returns a new instance (criteria may cache scores of the model they last scored).
 */
public final class CriterionRegistry {
    private static final Map<String, Supplier<ImportanceCriterion>> CRITERIA = new LinkedHashMap<>();

    static {
        CRITERIA.put(MagnitudeCriterion.NAME, MagnitudeCriterion::new);
        CRITERIA.put(ApozCriterion.NAME, ApozCriterion::new);
        CRITERIA.put(EntropyCriterion.NAME, EntropyCriterion::new);
        CRITERIA.put(EnergyCriterion.NAME, EnergyCriterion::new);
        CRITERIA.put(RandomSearchCriterion.NAME, RandomSearchCriterion::new);
        CRITERIA.put(LdaCriterion.NAME, LdaCriterion::new);
        CRITERIA.put(CorrelationCriterion.NAME, CorrelationCriterion::new);
        CRITERIA.put(TaylorCriterion.NAME, TaylorCriterion::new);
        CRITERIA.put(OracleCriterion.NAME, OracleCriterion::new);
    }

    private CriterionRegistry() {}

    /** A new instance of the named criterion. */
    public static ImportanceCriterion get(String name) {
        Supplier<ImportanceCriterion> s = CRITERIA.get(name);
        if (s == null) {
            throw new CriterionException(
                    "unknown criterion '" + name + "' (known: " + String.join(", ", known()) + ")");
        }
        return s.get();
    }

    /** The registered names, in registration order. */
    public static Set<String> known() {
        return Collections.unmodifiableSet(CRITERIA.keySet());
    }

    /**
     * Checks a request's parameters against a criterion: every key must be one the criterion
     * declares or one of {@code otherKeys} (the pruning workflow's own keys), and every declared
     * value must parse. A typo such as {@code bin=50} for {@code bins} is refused, not ignored.
     */
    public static void checkParameters(
            ImportanceCriterion criterion, Map<String, String> values, Collection<String> otherKeys) {
        Set<String> own = criterion.parameters().stream()
                .map(CriterionParameter::key)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String key : values.keySet()) {
            if (!own.contains(key) && !otherKeys.contains(key)) {
                throw new CriterionException("criterion '" + criterion.name() + "' has no parameter '" + key
                        + "' (its parameters: " + (own.isEmpty() ? "none" : String.join(", ", own))
                        + "; pruning keys: " + String.join(", ", new TreeSet<>(otherKeys)) + ")");
            }
        }
        criterion.validate(values);
    }
}

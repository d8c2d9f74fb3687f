package dev.pruneline.ingest;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.pipeline.event.CompressionPolicy;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a {@link CompressionPolicy} from query parameters: {@code criterion}, {@code granularity},
 * {@code sparsity}, {@code fine-tune-epochs}, {@code learning-rate}, {@code tolerance-pp} and any
 * {@code param.<key>}. A missing parameter takes {@link CompressionPolicy#defaults()}; a bad one is refused with
 * a message naming it, before anything is stored.
 */
final class PolicyQuery {

    static final String PARAM_PREFIX = "param.";

    /** Record component names as the policy's checks name them, mapped to the query parameter names. */
    private static final Map<String, String> FIELD_TO_PARAM = Map.of(
            "sparsity", "sparsity",
            "fineTuneEpochs", "fine-tune-epochs",
            "learningRate", "learning-rate",
            "tolerancePp", "tolerance-pp");

    private PolicyQuery() {}

    /**
     * The policy the query asks for.
     *
     * @throws BadUploadException naming the parameter at fault
     */
    static CompressionPolicy parse(MultivaluedMap<String, String> query) {
        CompressionPolicy d = CompressionPolicy.defaults();
        String criterion = text(query, "criterion", d.criterion());
        String granularity = text(query, "granularity", d.granularity());
        double sparsity = number(query, "sparsity", d.sparsity(), Double::parseDouble);
        int epochs = number(query, "fine-tune-epochs", d.fineTuneEpochs(), Integer::parseInt);
        double learningRate = number(query, "learning-rate", d.learningRate(), Double::parseDouble);
        double tolerance = number(query, "tolerance-pp", d.tolerancePp(), Double::parseDouble);
        Map<String, String> parameters = new LinkedHashMap<>();
        query.forEach((key, values) -> {
            if (key.startsWith(PARAM_PREFIX) && key.length() > PARAM_PREFIX.length() && !values.isEmpty()) {
                parameters.put(key.substring(PARAM_PREFIX.length()), values.get(0));
            }
        });
        if (!CriterionRegistry.known().contains(criterion)) {
            throw new BadUploadException("invalid query parameter 'criterion': unknown criterion '" + criterion
                    + "' (known: " + String.join(", ", CriterionRegistry.known()) + ")");
        }
        try {
            CompressionJobs.checkPolicy(criterion, granularity, parameters);
        } catch (CompressionException e) {
            throw new BadUploadException("invalid pruning policy: " + e.getMessage(), e);
        }
        try {
            return new CompressionPolicy(criterion, granularity, sparsity, epochs, learningRate, tolerance, parameters);
        } catch (IllegalArgumentException e) {
            throw new BadUploadException(
                    "invalid query parameter '" + paramNamed(e.getMessage()) + "': " + e.getMessage(), e);
        }
    }

    private static String paramNamed(String message) {
        return FIELD_TO_PARAM.entrySet().stream()
                .filter(f -> message != null && message.startsWith(f.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("policy");
    }

    private static String text(MultivaluedMap<String, String> query, String name, String fallback) {
        String value = query.getFirst(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static <T> T number(
            MultivaluedMap<String, String> query, String name, T fallback, Function<String, T> parser) {
        String value = query.getFirst(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new BadUploadException(
                    "invalid query parameter '" + name + "': '" + value + "' is not a "
                            + (fallback instanceof Integer ? "whole number" : "number"),
                    e);
        }
    }
}

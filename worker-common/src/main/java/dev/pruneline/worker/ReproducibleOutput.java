package dev.pruneline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.report.HtmlReport;
import dev.pruneline.core.report.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Makes a job's output folder a function of the job's input before a stage stores it, so that a stage run twice
 * (a redelivery, a rebalance, two replicas at once) stores the same bytes, and the SHA-256 one run publishes matches
 * the object whichever run wrote it last. The engine's numbers are already reproducible (seeded, same engine); what
 * is taken out here is what describes the run rather than its result:
 *
 * <ul>
 *   <li>{@code model.json}: {@code provenance.parent_path}, the absolute path of the input bundle, which for a job is
 *       a temporary folder of that job ({@code parent_sha256} still names the input);
 *   <li>{@code report.json}: {@code createdAt}, {@code timingsMillis} (emptied) and each epoch's {@code millis}
 *       (0); {@code after.bundleBytes} is counted again over the bundle's files as they are now. These facts of the
 *       run go to a file of their own outside the folder ({@code createdAt}, {@code timingsMillis},
 *       {@code epochMillis}), which the stage stores beside the report, named by no event
 *       ({@link dev.pruneline.pipeline.store.ArtifactKeys#stageRun}).
 * </ul>
 *
 * {@code report.html} is written again from the report. Safe to run more than once on a folder: the run's facts are
 * taken out the first time.
 */
final class ReproducibleOutput {

    /** The provenance key of the input bundle's path. */
    static final String PARENT_PATH = "parent_path";

    private static final Logger LOG = Logger.getLogger(ReproducibleOutput.class);
    private static final String REPORT = "report.json";
    private static final Set<String> NOT_BUNDLE = Set.of(REPORT, HtmlReport.FILE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReproducibleOutput() {}

    /**
     * Normalises the job output in {@code outDir}, in place; the run's facts, when the report still holds them, go to
     * {@code runFacts} (a file outside {@code outDir}).
     */
    static void normalize(Path outDir, Path runFacts) {
        try {
            Path modelJson = outDir.resolve(ModelBundle.MODEL_JSON);
            if (Files.isRegularFile(modelJson)) {
                ModelSpec spec = ModelJson.read(modelJson);
                if (spec.provenance().containsKey(PARENT_PATH)) {
                    Map<String, Object> provenance = new LinkedHashMap<>(spec.provenance());
                    provenance.remove(PARENT_PATH);
                    Files.write(modelJson, ModelJson.toBytes(spec.withProvenance(provenance)));
                }
            }
            Path report = outDir.resolve(REPORT);
            if (Files.isRegularFile(report)) {
                normalizeReport(report, outDir, runFacts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot normalise the job output in " + outDir, e);
        }
    }

    private static void normalizeReport(Path report, Path outDir, Path runFacts) throws IOException {
        JsonNode read = JSON.readTree(report.toFile());
        if (!(read instanceof ObjectNode tree)) {
            return;
        }
        JsonNode timings = tree.path("timingsMillis");
        if (tree.hasNonNull("createdAt") || (timings.isObject() && !timings.isEmpty())) {
            ObjectNode run = JSON.createObjectNode();
            run.set("createdAt", tree.path("createdAt"));
            run.set("timingsMillis", timings.isObject() ? timings : JSON.createObjectNode());
            ArrayNode epochMillis = run.putArray("epochMillis");
            tree.path("epochs").forEach(e -> epochMillis.add(e.path("millis").asLong()));
            JSON.writerWithDefaultPrettyPrinter().writeValue(runFacts.toFile(), run);
            LOG.infof(
                    "%s %s took %s ms",
                    tree.path("step").asText(), tree.path("model").asText(), timings);
        }
        tree.remove("createdAt");
        tree.putObject("timingsMillis");
        for (JsonNode epoch : tree.path("epochs")) {
            if (epoch instanceof ObjectNode e && e.has("millis")) {
                e.put("millis", 0);
            }
        }
        if (tree.path("after") instanceof ObjectNode after && after.has("bundleBytes")) {
            after.put("bundleBytes", bundleBytes(outDir));
        }
        JSON.writeValue(report.toFile(), tree);
        ReportWriter.write(ReportWriter.read(report), report); // as the engine writes it, and report.html from it
    }

    /** The bytes of the bundle's files (everything but the report), as the engine counts them for its report. */
    private static long bundleBytes(Path outDir) throws IOException {
        try (Stream<Path> files = Files.walk(outDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !NOT_BUNDLE.contains(f.getFileName().toString()))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }
}

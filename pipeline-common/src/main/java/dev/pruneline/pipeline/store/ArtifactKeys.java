package dev.pruneline.pipeline.store;

/**
 * The key layout in the bucket. Keys depend only on the release id and the stage, so a stage that runs twice
 * for the same release overwrites its own output instead of adding a second one.
 */
public final class ArtifactKeys {

    /** The folder of {@link #outbox(String)}: every pending release event. */
    public static final String OUTBOX_PREFIX = "outbox/released/";

    private ArtifactKeys() {}

    /** The bundle as uploaded. */
    public static String releasedBundle(String releaseId) {
        return "releases/" + releaseId + "/released/bundle.zip";
    }

    /** A stage's bundle, e.g. {@code pruned} or {@code retrained}. */
    public static String stageBundle(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/bundle.zip";
    }

    /** A stage's model as one ONNX file, beside its bundle (which holds the same file). */
    public static String stageOnnx(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/model.onnx";
    }

    /** A stage's JSON report. */
    public static String stageReport(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/report.json";
    }

    /** A stage's HTML report page (plots), beside its JSON report. */
    public static String stageReportPage(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/report.html";
    }

    /**
     * How a stage's run went ({@code createdAt}, {@code timingsMillis}, {@code epochMillis}): the facts of the run
     * that the reproducible report leaves out; no event names it by hash, and the last run of a stage writes it.
     */
    public static String stageRun(String releaseId, String stage) {
        return "releases/" + releaseId + "/" + stage + "/run.json";
    }

    /** The {@link #stageRun} key beside a {@link #stageReport} key. */
    public static String stageRunBeside(String stageReportKey) {
        return stageReportKey.substring(0, stageReportKey.lastIndexOf('/') + 1) + "run.json";
    }

    /** Which release holds a model version: the {@code model.released} event of that release. */
    public static String versionClaim(String model, String version) {
        return "models/" + model + "/versions/" + version + "/released.json";
    }

    /**
     * A {@code model.released} event that ingest has yet to see acknowledged by Kafka (the outbox): written before
     * the version claim, deleted once the broker has the event.
     */
    public static String outbox(String releaseId) {
        return OUTBOX_PREFIX + releaseId + ".json";
    }

    /** A data set archive; the hash in the key keeps every uploaded version. */
    public static String dataset(String name, String sha256) {
        return "datasets/" + name + "/" + sha256 + ".zip";
    }
}

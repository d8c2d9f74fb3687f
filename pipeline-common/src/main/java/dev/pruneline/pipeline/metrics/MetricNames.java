package dev.pruneline.pipeline.metrics;

/**
 * Every metric pruneline exports, with its description. Names are dotted and lowercase; Prometheus renders
 * {@code pruneline.stage.duration} as {@code pruneline_stage_duration_seconds}. Tags are few and of low
 * cardinality: {@link #TAG_STAGE}, {@link #TAG_OUTCOME}, {@link #TAG_TOPIC}, {@link #TAG_KIND}, {@link #TAG_ACTION},
 * and {@link #TAG_MODEL} on the per-model meters (stage jobs, durations, sparsity, decisions, accuracy drop).
 */
public final class MetricNames {

    public static final String RELEASES_INGESTED = "pruneline.releases.ingested";
    public static final String RELEASES_INGESTED_DESCRIPTION = "Model releases accepted by the ingest service";

    public static final String UPLOADS_REJECTED = "pruneline.uploads.rejected";
    public static final String UPLOADS_REJECTED_DESCRIPTION = "Uploads refused by validation, by kind of upload";

    public static final String OUTBOX_PENDING = "pruneline.outbox.pending";
    public static final String OUTBOX_PENDING_DESCRIPTION =
            "Release events stored by ingest but not yet acknowledged by Kafka, as of the outbox relay's last run";

    public static final String STAGE_JOBS = "pruneline.stage.jobs";
    public static final String STAGE_JOBS_DESCRIPTION = "Stage jobs finished, by stage and outcome";

    public static final String STAGE_DURATION = "pruneline.stage.duration";
    public static final String STAGE_DURATION_DESCRIPTION = "Wall time of one stage job, by stage";

    public static final String JOB_AGE = "pruneline.stage.job.age";
    public static final String JOB_AGE_DESCRIPTION = "How long the stage job in progress has run; 0 when none runs";

    public static final String ACCURACY_DROP = "pruneline.model.accuracy.drop";
    public static final String ACCURACY_DROP_DESCRIPTION = "Accuracy lost by compression, in percentage points";

    public static final String SPARSITY = "pruneline.model.sparsity";
    public static final String SPARSITY_DESCRIPTION = "Share of prunable weights that are zero after a stage";

    public static final String PROMOTIONS = "pruneline.promotions";
    public static final String PROMOTIONS_DESCRIPTION = "Promotion gate decisions, by outcome";

    public static final String PRODUCTION_CHANGES = "pruneline.production.changes";
    public static final String PRODUCTION_CHANGES_DESCRIPTION = "Operators' changes of a production model, by action";

    public static final String DLQ_EVENTS = "pruneline.dlq.events";
    public static final String DLQ_EVENTS_DESCRIPTION = "Events parked on a dead-letter topic, by topic";

    public static final String EVENTS_REFUSED = "pruneline.events.refused";
    public static final String EVENTS_REFUSED_DESCRIPTION =
            "Records the registry could not record (unreadable, too large, a field too long) and parked on"
                    + " registry.dlq, by source topic";

    public static final String RELEASES_STALLED = "pruneline.releases.stalled";
    public static final String RELEASES_STALLED_DESCRIPTION =
            "Releases the stage watchdog failed after pruneline.registry.stage-timeout, by the stage that did not"
                    + " finish";

    public static final String TAG_STAGE = "stage";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_KIND = "kind";
    public static final String TAG_ACTION = "action";
    /** The model name: as many values as models the pipeline has seen (models are few, versions are not tagged). */
    public static final String TAG_MODEL = "model";

    public static final String OUTCOME_SUCCESS = "success";
    public static final String OUTCOME_FAILURE = "failure";

    private MetricNames() {}
}

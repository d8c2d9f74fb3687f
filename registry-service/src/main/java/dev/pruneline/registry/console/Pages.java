package dev.pruneline.registry.console;

import io.quarkus.qute.RawString;
import java.util.List;

/**
 * The view models of the console's pages: every value already formatted as text, so that the templates only lay
 * them out (and Qute escapes each one). Charts are the only {@link RawString}s, drawn and escaped by {@link Charts}.
 */
public final class Pages {

    private Pages() {}

    /**
     * What every page shares.
     *
     * @param title       the page title
     * @param eventsUrl   the server-sent events the page follows to update itself
     * @param operator    whether the visitor is a signed-in operator
     * @param operatorsOn whether operators exist at all (an operator password is set)
     * @param loginUrl    where an operator signs in, coming back to this page
     */
    public record Chrome(String title, String eventsUrl, boolean operator, boolean operatorsOn, String loginUrl) {}

    /** A page that only says something: not found, refused, sign in. */
    public record MessagePage(Chrome chrome, String heading, String text) {}

    /** {@code /ui}: every model. */
    public record ModelsPage(Chrome chrome, List<ModelRow> models) {}

    /**
     * One model on the models page.
     *
     * @param counts       releases by status, only the statuses that occur
     * @param lastDecision the newest decision of any version, or null
     * @param accuracy     the candidates' accuracy over versions
     * @param macs         the candidates' MACs over versions
     */
    public record ModelRow(
            String name,
            String url,
            String latestVersion,
            String productionVersion,
            List<Count> counts,
            DecisionLine lastDecision,
            String lastDecisionVersion,
            RawString accuracy,
            String accuracyLatest,
            RawString macs,
            String macsLatest) {}

    /** How many releases have a status. */
    public record Count(String label, int n, String css) {}

    /** {@code /ui/models/{name}}: a model's versions as a timeline, its production history, operator forms. */
    public record ModelPage(
            Chrome chrome,
            String name,
            String url,
            String productionVersion,
            String productionSince,
            List<VersionCard> versions,
            List<ChangeRow> history,
            String rollbackTarget,
            List<String> versionNames,
            String compareA,
            String compareB,
            String error) {}

    /**
     * One release of a model.
     *
     * @param statusCss  {@code promoted}, {@code rejected}, {@code failed} or {@code running}
     * @param production whether it is the model's production release
     * @param promotable whether an operator may make it production (decided, not production now)
     * @param stages     released, pruned, retrained, decided
     * @param metrics    baseline, pruned and fine-tuned metrics by row
     * @param decision   the gate's decision, or null
     * @param failure    why the release failed, or null
     */
    public record VersionCard(
            String version,
            String url,
            String releaseId,
            String status,
            String statusCss,
            boolean production,
            boolean promotable,
            String createdAt,
            String dataset,
            List<StageStep> stages,
            String total,
            PolicyView policy,
            List<MetricRow> metrics,
            String claimedAccuracy,
            DecisionLine decision,
            FailureLine failure) {}

    /**
     * One stage of a release's progress.
     *
     * @param state {@code done}, {@code failed}, {@code running} or {@code pending}
     * @param at    when the registry recorded it
     * @param iso   the same, for {@code <time datetime>}
     * @param took  the time since the stage before it
     * @param reason the failure's reason, for the failed stage
     */
    public record StageStep(String name, String state, String at, String iso, String took, String reason) {}

    /** The compression policy of a release. */
    public record PolicyView(
            String criterion,
            String granularity,
            String target,
            String tolerance,
            String fineTuneEpochs,
            String learningRate,
            String parameters) {}

    /** One metric of a release: baseline, after pruning, after fine-tuning, and the change overall. */
    public record MetricRow(String label, String baseline, String pruned, String retrained, String change) {}

    /** The promotion gate's decision. */
    public record DecisionLine(
            String outcome, String css, String reason, String at, String iso, String drop, String tolerance) {}

    /** Why a release failed. */
    public record FailureLine(String stage, String reason) {}

    /** One production change. */
    public record ChangeRow(
            String at, String iso, String version, String url, String action, String actor, String reason) {}

    /** {@code /ui/models/{name}/versions/{version}}: one release in full. */
    public record ReleasePage(
            Chrome chrome,
            String model,
            String modelUrl,
            VersionCard card,
            List<StageSection> sections,
            List<ArtifactRow> artifacts,
            Gap gap) {}

    /**
     * What a stage's report shows.
     *
     * @param engineMode  how the engine ran
     * @param reportUrl   a download link of the stage's own report page, or null
     * @param problem     why the report could not be shown, or null
     */
    public record StageSection(
            String name,
            String title,
            String engineMode,
            String engine,
            String createdAt,
            List<KeyValue> timings,
            PlanView plan,
            RawString sensitivity,
            RawString history,
            RawString widths,
            RawString nonzero,
            List<LayerRow> layers,
            List<EpochRow> epochs,
            List<KeyValue> latency,
            String reportUrl,
            String problem) {}

    /** A label and its value. */
    public record KeyValue(String key, String value) {}

    /** The pruning plan of a report. */
    public record PlanView(String summary, List<KeyValue> ratios) {}

    /** One layer before and after a stage. */
    public record LayerRow(
            String layer,
            String type,
            String widthBefore,
            String widthAfter,
            String nonzeroBefore,
            String nonzeroAfter,
            String sparsity) {}

    /** One fine-tuning epoch. */
    public record EpochRow(String epoch, String trainLoss, String validationAccuracy, String time) {}

    /** A stored file of a release, with a presigned download link. */
    public record ArtifactRow(String stage, String format, String key, String sha256, String size, String url) {}

    /**
     * For a rejected candidate, what it would have taken: the accuracy it needed and how far it fell short.
     *
     * @param baseline  the released model's accuracy
     * @param needed    the lowest accuracy the tolerance allowed
     * @param reached   the candidate's accuracy
     * @param drop      the drop, in points
     * @param tolerance the tolerance, in points
     * @param gap       how many points more than the tolerance were lost
     */
    public record Gap(String baseline, String needed, String reached, String drop, String tolerance, String gap) {}

    /** {@code /ui/models/{name}/compare}: two versions side by side. */
    public record ComparePage(
            Chrome chrome,
            String model,
            String modelUrl,
            List<String> versionNames,
            VersionCard a,
            VersionCard b,
            List<CompareRow> metrics,
            List<LayerCompareRow> layers,
            RawString widths,
            RawString nonzero,
            String error) {}

    /** One metric of two versions. */
    public record CompareRow(String label, String a, String b, String change) {}

    /** One layer of two versions' candidates. */
    public record LayerCompareRow(
            String layer, String type, String widthA, String widthB, String nonzeroA, String nonzeroB) {}
}

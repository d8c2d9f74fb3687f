package dev.pruneline.registry.console;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import dev.pruneline.registry.console.Pages.ArtifactRow;
import dev.pruneline.registry.console.Pages.ChangeRow;
import dev.pruneline.registry.console.Pages.Chrome;
import dev.pruneline.registry.console.Pages.ComparePage;
import dev.pruneline.registry.console.Pages.CompareRow;
import dev.pruneline.registry.console.Pages.Count;
import dev.pruneline.registry.console.Pages.DecisionLine;
import dev.pruneline.registry.console.Pages.EpochRow;
import dev.pruneline.registry.console.Pages.FailureLine;
import dev.pruneline.registry.console.Pages.Gap;
import dev.pruneline.registry.console.Pages.KeyValue;
import dev.pruneline.registry.console.Pages.LayerCompareRow;
import dev.pruneline.registry.console.Pages.LayerRow;
import dev.pruneline.registry.console.Pages.MetricRow;
import dev.pruneline.registry.console.Pages.ModelPage;
import dev.pruneline.registry.console.Pages.ModelRow;
import dev.pruneline.registry.console.Pages.PlanView;
import dev.pruneline.registry.console.Pages.PolicyView;
import dev.pruneline.registry.console.Pages.ReleasePage;
import dev.pruneline.registry.console.Pages.StageSection;
import dev.pruneline.registry.console.Pages.StageStep;
import dev.pruneline.registry.console.Pages.VersionCard;
import dev.pruneline.registry.store.Candidate;
import dev.pruneline.registry.store.Decision;
import dev.pruneline.registry.store.ProductionChange;
import dev.pruneline.registry.store.Release;
import dev.pruneline.registry.store.ReleaseHistory;
import dev.pruneline.registry.store.ReleaseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Builds the console's view models ({@link Pages}) from what the registry stores and the stages' reports. Pure
 * apart from {@link Sources}: no database, no HTTP, so that the views are tested on their own.
 */
public final class ConsoleViews {

    /** The console's root path. */
    public static final String UI = "/ui";

    /** The order of the stages on a release's progress line. */
    static final List<String> STAGES = List.of("released", Candidate.PRUNED, Candidate.RETRAINED, "decided");

    /** The most plan ratios a page lists. */
    static final int MAX_RATIOS = 64;

    private final Sources sources;

    public ConsoleViews(Sources sources) {
        this.sources = sources;
    }

    // ---- URLs -------------------------------------------------------------------------------------------------

    /** A path segment, percent-encoded (a model name or version is never taken as path syntax). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static String modelUrl(String model) {
        return UI + "/models/" + segment(model);
    }

    public static String versionUrl(String model, String version) {
        return modelUrl(model) + "/versions/" + segment(version);
    }

    static String compareUrl(String model, String a, String b) {
        return modelUrl(model) + "/compare?a=" + query(a) + "&b=" + query(b);
    }

    /** The server-sent events of one model, or of every model for null. */
    public static String eventsUrl(String model) {
        return UI + "/events" + (model == null ? "" : "?model=" + query(model));
    }

    /** Where an operator signs in, coming back to {@code page}. */
    public static String loginUrl(String page) {
        return UI + "/login?next=" + query(page);
    }

    // ---- the models page --------------------------------------------------------------------------------------

    /**
     * A model's row on the models page.
     *
     * @param releases the model's releases, oldest first
     */
    public ModelRow modelRow(
            String model, String latestVersion, String productionVersion, List<ReleaseHistory> releases) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ReleaseHistory h : releases) {
            counts.merge(statusGroup(h.release().status()), 1, Integer::sum);
        }
        List<Count> countList = new ArrayList<>();
        for (String group : List.of("promoted", "rejected", "failed", "in the pipeline")) {
            Integer n = counts.get(group);
            if (n != null) {
                countList.add(new Count(group, n, group.equals("in the pipeline") ? "running" : group));
            }
        }
        ReleaseHistory last = releases.stream()
                .filter(h -> h.decision() != null)
                .max(Comparator.comparing(h -> h.decision().decidedAt()))
                .orElse(null);
        double[] accuracy = series(releases, m -> m.accuracy());
        double[] macs = series(releases, m -> (double) m.macs());
        return new ModelRow(
                model,
                modelUrl(model),
                latestVersion,
                productionVersion,
                countList,
                last == null ? null : decision(last.decision()),
                last == null ? null : last.release().version(),
                Charts.sparkline(accuracy, "candidate accuracy over versions (fine-tuned, else pruned)"),
                latest(accuracy, Format::accuracy),
                Charts.sparkline(macs, "candidate MACs per sample over versions"),
                latest(macs, Format::shortCount));
    }

    /** Each release's candidate metric (fine-tuned, else pruned); NaN where there is none yet. */
    private static double[] series(List<ReleaseHistory> releases, ToDoubleFunction<ModelMetrics> metric) {
        return releases.stream()
                .mapToDouble(h -> candidateMetrics(h).map(metric::applyAsDouble).orElse(Double.NaN))
                .toArray();
    }

    private static String latest(double[] values, Function<Double, String> format) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (Double.isFinite(values[i])) {
                return format.apply(values[i]);
            }
        }
        return "";
    }

    private static Optional<ModelMetrics> candidateMetrics(ReleaseHistory h) {
        ModelMetrics m = h.metrics().get(Candidate.RETRAINED);
        return Optional.ofNullable(m != null ? m : h.metrics().get(Candidate.PRUNED));
    }

    static String statusGroup(ReleaseStatus status) {
        return switch (status) {
            case PROMOTED -> "promoted";
            case REJECTED -> "rejected";
            case FAILED -> "failed";
            default -> "in the pipeline";
        };
    }

    // ---- the model page ---------------------------------------------------------------------------------------

    /**
     * A model's page.
     *
     * @param releases the model's releases, oldest first (shown newest first)
     * @param history  its production changes, newest first
     * @param error    what went wrong with an operator's change just made, or null
     */
    public ModelPage modelPage(
            Chrome chrome, String model, List<ReleaseHistory> releases, List<ProductionChange> history, String error) {
        String production = history.isEmpty() ? null : history.get(0).version();
        List<VersionCard> cards = new ArrayList<>();
        for (int i = releases.size() - 1; i >= 0; i--) {
            cards.add(card(releases.get(i), production, chrome.operator()));
        }
        List<ChangeRow> changes = history.stream()
                .map(c -> new ChangeRow(
                        Format.time(c.changedAt()),
                        Format.isoTime(c.changedAt()),
                        c.version(),
                        versionUrl(model, c.version()),
                        action(c.action()),
                        c.actor(),
                        c.reason()))
                .toList();
        List<String> names = releases.stream().map(h -> h.release().version()).toList();
        String compareB = names.isEmpty() ? null : names.get(names.size() - 1);
        String compareA = names.size() > 1 ? names.get(names.size() - 2) : compareB;
        return new ModelPage(
                chrome,
                model,
                modelUrl(model),
                production,
                history.isEmpty() ? null : Format.time(history.get(0).changedAt()),
                cards,
                changes,
                history.size() > 1 ? history.get(1).version() : null,
                names,
                compareA,
                compareB,
                error);
    }

    static String action(ProductionChange.Action action) {
        return switch (action) {
            case GATE -> "promoted by the gate";
            case PROMOTE -> "promoted by hand";
            case ROLLBACK -> "rolled back";
        };
    }

    /** One release as a card of the timeline. */
    public VersionCard card(ReleaseHistory h, String productionVersion, boolean operator) {
        Release r = h.release();
        boolean production = r.version().equals(productionVersion);
        boolean decided = h.decision() != null && h.candidates().containsKey(Candidate.RETRAINED);
        return new VersionCard(
                r.version(),
                versionUrl(r.model(), r.version()),
                r.releaseId(),
                r.status().name(),
                statusCss(r.status()),
                production,
                operator && decided && !production,
                Format.time(r.createdAt()),
                r.dataset(),
                stages(h),
                total(h),
                policy(r.policy()),
                metrics(h),
                claimed(h),
                h.decision() == null ? null : decision(h.decision()),
                r.failure() == null
                        ? null
                        : new FailureLine(r.failure().stage(), r.failure().reason()));
    }

    static String statusCss(ReleaseStatus status) {
        return switch (status) {
            case PROMOTED -> "promoted";
            case REJECTED -> "rejected";
            case FAILED -> "failed";
            default -> "running";
        };
    }

    /** released -> pruned -> retrained -> decided, with when each was recorded and how long it took. */
    static List<StageStep> stages(ReleaseHistory h) {
        Release r = h.release();
        String failed = r.failure() == null ? null : r.failure().stage();
        List<StageStep> steps = new ArrayList<>();
        Instant previous = null;
        boolean runningShown = r.status().isFinal();
        for (String stage : STAGES) {
            Instant at = stageTime(h, stage);
            String state;
            String reason = null;
            if (at != null) {
                state = "done";
            } else if (stage.equals(failed)) {
                state = "failed";
                reason = r.failure().reason();
            } else if (!runningShown) {
                state = "running";
                runningShown = true;
            } else {
                state = "pending";
            }
            // stages are recorded as their events arrive, which may be out of order: no negative durations
            String took = at != null && previous != null && !at.isBefore(previous)
                    ? Format.duration(Duration.between(previous, at))
                    : "";
            steps.add(new StageStep(stage, state, Format.time(at), Format.isoTime(at), took, reason));
            if (at != null) {
                previous = at;
            }
        }
        return steps;
    }

    static Instant stageTime(ReleaseHistory h, String stage) {
        return switch (stage) {
            case "released" -> h.release().bundle() != null ? h.release().releasedAt() : null;
            case "decided" -> h.decision() == null ? null : h.decision().decidedAt();
            default -> {
                Candidate c = h.candidates().get(stage);
                yield c == null ? null : c.createdAt();
            }
        };
    }

    /** From release to decision, or to the failure. */
    private static String total(ReleaseHistory h) {
        Instant start = h.release().releasedAt() != null
                ? h.release().releasedAt()
                : h.release().createdAt();
        Instant end = h.decision() != null
                ? h.decision().decidedAt()
                : h.release().status() == ReleaseStatus.FAILED ? h.release().updatedAt() : null;
        return start == null || end == null || end.isBefore(start) ? "" : Format.duration(Duration.between(start, end));
    }

    static PolicyView policy(CompressionPolicy p) {
        if (p == null) {
            return null;
        }
        String target = p.parameters().getOrDefault("target", "sparsity");
        String parameters = p.parameters().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return new PolicyView(
                p.criterion(),
                p.granularity(),
                Format.share(p.sparsity()) + " " + target,
                Format.points(p.tolerancePp()),
                Integer.toString(p.fineTuneEpochs()),
                java.math.BigDecimal.valueOf(p.learningRate())
                        .stripTrailingZeros()
                        .toPlainString(),
                parameters);
    }

    private static String claimed(ReleaseHistory h) {
        ModelMetrics claimed = h.metrics().get("claimed");
        return claimed == null ? null : Format.accuracy(claimed.accuracy());
    }

    static DecisionLine decision(Decision d) {
        return new DecisionLine(
                d.outcome().name(),
                d.outcome() == Outcome.PROMOTED ? "promoted" : "rejected",
                d.reason(),
                Format.time(d.decidedAt()),
                Format.isoTime(d.decidedAt()),
                Format.points(d.accuracyDropPp()),
                Format.points(d.tolerancePp()));
    }

    /** The metrics table of a release: baseline, pruned, fine-tuned; rows without any value are left out. */
    List<MetricRow> metrics(ReleaseHistory h) {
        ModelMetrics base = h.metrics().get("baseline");
        ModelMetrics pruned = h.metrics().get(Candidate.PRUNED);
        ModelMetrics tuned = h.metrics().get(Candidate.RETRAINED);
        Optional<StageReport> pr = report(h, Candidate.PRUNED);
        Optional<StageReport> rr = report(h, Candidate.RETRAINED);
        List<MetricRow> rows = new ArrayList<>();
        row(rows, "accuracy", base, pruned, tuned, m -> m.accuracy(), Format::accuracy, true);
        row(rows, "parameters", base, pruned, tuned, m -> (double) m.parameters(), v -> Format.count(v.longValue()));
        row(
                rows,
                "non-zero parameters",
                base,
                pruned,
                tuned,
                m -> (double) m.nonzeroParameters(),
                v -> Format.count(v.longValue()));
        row(rows, "MACs", base, pruned, tuned, m -> (double) m.macs(), Format::shortCount);
        rows(rows, "non-zero MACs", pr, rr, m -> (double) m.nonzeroMacs(), Format::shortCount);
        row(rows, "sparsity", base, pruned, tuned, m -> m.sparsity(), Format::share);
        rows(
                rows,
                "energy (estimated)",
                pr,
                rr,
                m -> m.energyMicrojoules(),
                v -> String.format(Locale.ROOT, "%.1f µJ", v));
        Double releasedSize = h.release().bundle() == null
                ? null
                : (double) h.release().bundle().sizeBytes();
        Double prunedSize = bundleSize(h, Candidate.PRUNED);
        Double tunedSize = bundleSize(h, Candidate.RETRAINED);
        addRow(rows, "size (bundle zip)", releasedSize, prunedSize, tunedSize, v -> Format.bytes(v.longValue()), false);
        addRow(
                rows,
                "size (ONNX)",
                null,
                onnxSize(h, Candidate.PRUNED),
                onnxSize(h, Candidate.RETRAINED),
                v -> Format.bytes(v.longValue()),
                false);
        latencyRows(rows, pr, rr);
        return rows;
    }

    private void row(
            List<MetricRow> rows,
            String label,
            ModelMetrics base,
            ModelMetrics pruned,
            ModelMetrics tuned,
            ToDoubleFunction<ModelMetrics> metric,
            Function<Double, String> format) {
        row(rows, label, base, pruned, tuned, metric, format, false);
    }

    private void row(
            List<MetricRow> rows,
            String label,
            ModelMetrics base,
            ModelMetrics pruned,
            ModelMetrics tuned,
            ToDoubleFunction<ModelMetrics> metric,
            Function<Double, String> format,
            boolean inPoints) {
        addRow(rows, label, value(base, metric), value(pruned, metric), value(tuned, metric), format, inPoints);
    }

    private static Double value(ModelMetrics m, ToDoubleFunction<ModelMetrics> metric) {
        return m == null ? null : metric.applyAsDouble(m);
    }

    /** A row from the reports: the pruned report's before and after, the fine-tuned report's after. */
    private static void rows(
            List<MetricRow> rows,
            String label,
            Optional<StageReport> pr,
            Optional<StageReport> rr,
            ToDoubleFunction<StageReport.Metrics> metric,
            Function<Double, String> format) {
        addRow(
                rows,
                label,
                pr.map(StageReport::before).map(metric::applyAsDouble).orElse(null),
                pr.map(StageReport::after).map(metric::applyAsDouble).orElse(null),
                rr.map(StageReport::after).map(metric::applyAsDouble).orElse(null),
                format,
                false);
    }

    private static void addRow(
            List<MetricRow> rows,
            String label,
            Double base,
            Double pruned,
            Double tuned,
            Function<Double, String> format,
            boolean inPoints) {
        if (base == null && pruned == null && tuned == null) {
            return;
        }
        Double last = tuned != null ? tuned : pruned;
        String change = "";
        if (base != null && last != null) {
            change = inPoints
                    ? String.format(Locale.ROOT, "%+.2f pp", 100 * (last - base))
                    : Format.relative(base, last);
        }
        rows.add(new MetricRow(
                label,
                base == null ? "" : format.apply(base),
                pruned == null ? "" : format.apply(pruned),
                tuned == null ? "" : format.apply(tuned),
                change));
    }

    /**
     * Measured latencies: a report's {@code before.<name>} goes to the stage's input column, {@code after.<name>} (or
     * a bare name) to its output.
     */
    private static void latencyRows(List<MetricRow> rows, Optional<StageReport> pr, Optional<StageReport> rr) {
        Map<String, Double[]> byName = new LinkedHashMap<>();
        pr.ifPresent(r -> r.latency().forEach((k, v) -> put(byName, k, v, 0, 1)));
        rr.ifPresent(r -> r.latency().forEach((k, v) -> put(byName, k, v, 1, 2)));
        byName.forEach(
                (name, v) -> addRow(rows, "latency " + name + " (median)", v[0], v[1], v[2], Format::millis, false));
    }

    private static void put(Map<String, Double[]> byName, String key, StageReport.Latency l, int in, int out) {
        if (l == null) {
            return;
        }
        int dot = key.indexOf('.');
        String side = dot < 0 ? "after" : key.substring(0, dot);
        String name = dot < 0 ? key : key.substring(dot + 1);
        Double[] row = byName.computeIfAbsent(name, k -> new Double[3]);
        int column = side.equals("before") ? in : out;
        if (row[column] == null) {
            row[column] = l.medianMillis();
        }
    }

    private static Double bundleSize(ReleaseHistory h, String stage) {
        Candidate c = h.candidates().get(stage);
        return c == null ? null : (double) c.bundle().sizeBytes();
    }

    private static Double onnxSize(ReleaseHistory h, String stage) {
        Candidate c = h.candidates().get(stage);
        return c == null
                ? null
                : c.artifact(ModelArtifact.ONNX)
                        .map(a -> (double) a.sizeBytes())
                        .orElse(null);
    }

    private Optional<StageReport> report(ReleaseHistory h, String stage) {
        Candidate c = h.candidates().get(stage);
        return c == null || c.report() == null ? Optional.empty() : sources.report(c.report());
    }

    // ---- the release page -------------------------------------------------------------------------------------

    /** A release's own page: its card, each stage's report, its artifacts, and a rejection's gap. */
    public ReleasePage releasePage(Chrome chrome, ReleaseHistory h, String productionVersion) {
        Release r = h.release();
        List<StageSection> sections = new ArrayList<>();
        for (String stage : List.of(Candidate.PRUNED, Candidate.RETRAINED)) {
            Candidate c = h.candidates().get(stage);
            if (c != null) {
                sections.add(section(c, report(h, stage)));
            }
        }
        return new ReleasePage(
                chrome,
                r.model(),
                modelUrl(r.model()),
                card(h, productionVersion, chrome.operator()),
                sections,
                artifacts(h),
                gap(h));
    }

    StageSection section(Candidate c, Optional<StageReport> report) {
        String title = c.stage().equals(Candidate.PRUNED) ? "Pruned" : "Fine-tuned";
        Optional<String> page = c.report() == null
                ? Optional.empty()
                : sources.optionalDownloadUrl(reportPageKey(c.report().key()));
        if (report.isEmpty()) {
            return new StageSection(
                    c.stage(),
                    title,
                    c.engineMode(),
                    "",
                    Format.time(c.createdAt()),
                    List.of(),
                    null,
                    Charts.lines("", "", "", List.of()),
                    Charts.lines("", "", "", List.of()),
                    Charts.bars("", "", "", List.of()),
                    Charts.bars("", "", "", List.of()),
                    List.of(),
                    List.of(),
                    List.of(),
                    page.orElse(null),
                    "the stage's report could not be read from the artifact store");
        }
        StageReport rep = report.get();
        List<KeyValue> timings = rep.timingsMillis().entrySet().stream()
                .map(e -> new KeyValue(e.getKey(), Format.duration(Duration.ofMillis(e.getValue()))))
                .toList();
        List<KeyValue> latency = rep.latency().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> new KeyValue(
                        e.getKey(),
                        String.format(
                                Locale.ROOT,
                                "%s median (min %s), batch %d, %d threads, %s",
                                Format.millis(e.getValue().medianMillis()),
                                Format.millis(e.getValue().minMillis()),
                                e.getValue().batch(),
                                e.getValue().threads(),
                                e.getValue().device())))
                .toList();
        return new StageSection(
                c.stage(),
                title,
                c.engineMode(),
                engine(rep.engine()),
                Format.time(c.createdAt()),
                timings,
                plan(rep.plan()),
                sensitivityChart(rep.sensitivity()),
                historyChart(rep.history()),
                layerChart("layer widths (output channels or features)", rep, StageReport.Layer::width),
                layerChart("non-zero weights per layer", rep, l -> l.nonzeroParameters()),
                layerRows(rep),
                rep.epochs().stream()
                        .map(e -> new EpochRow(
                                Integer.toString(e.epoch()),
                                String.format(Locale.ROOT, "%.4f", e.trainLoss()),
                                Format.accuracy(e.validationAccuracy()),
                                Format.duration(Duration.ofMillis(e.millis()))))
                        .toList(),
                latency,
                page.orElse(null),
                null);
    }

    /** The report page the workers store beside a report.json. */
    static String reportPageKey(String reportKey) {
        return reportKey.endsWith("report.json")
                ? reportKey.substring(0, reportKey.length() - "report.json".length()) + "report.html"
                : reportKey + ".html";
    }

    private static String engine(Map<String, Object> engine) {
        return engine.entrySet().stream()
                .filter(e -> !e.getKey().equals("mode")) // shown as the stage's engine mode
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static PlanView plan(StageReport.Plan plan) {
        if (plan == null) {
            return null;
        }
        String summary = String.format(
                Locale.ROOT,
                "%s target %s, achieved %s (%s)",
                plan.kind() == null ? "" : plan.kind().toLowerCase(Locale.ROOT),
                Format.share(plan.target()),
                Format.share(plan.achieved()),
                plan.method());
        List<KeyValue> ratios = plan.ratios().entrySet().stream()
                .limit(MAX_RATIOS)
                .map(e -> new KeyValue(e.getKey(), Format.share(e.getValue())))
                .toList();
        return new PlanView(summary, ratios);
    }

    static io.quarkus.qute.RawString sensitivityChart(List<StageReport.Curve> curves) {
        List<Charts.Series> series = new ArrayList<>();
        for (StageReport.Curve c : curves) {
            double[] x = new double[c.points().size() + 1];
            double[] y = new double[x.length];
            y[0] = c.baseline();
            for (int i = 0; i < c.points().size(); i++) {
                x[i + 1] = c.points().get(i).ratio();
                y[i + 1] = c.points().get(i).accuracy();
            }
            series.add(new Charts.Series(c.unit(), x, y, null));
        }
        return Charts.lines("sensitivity", "share of the unit removed", "validation accuracy", series);
    }

    static io.quarkus.qute.RawString historyChart(List<StageReport.HistoryPoint> history) {
        if (history.size() < 2) {
            return Charts.lines("", "", "", List.of());
        }
        return Charts.lines(
                "accuracy against size",
                "non-zero MACs per image",
                "test accuracy",
                List.of(new Charts.Series(
                        "models",
                        history.stream()
                                .mapToDouble(StageReport.HistoryPoint::macs)
                                .toArray(),
                        history.stream()
                                .mapToDouble(StageReport.HistoryPoint::accuracy)
                                .toArray(),
                        history.stream().map(StageReport.HistoryPoint::label).toArray(String[]::new))));
    }

    /**
     * Each conv and linear layer of the report before and after the stage; empty when the report lacks either, or
     * when a stage other than pruning changed nothing.
     */
    static io.quarkus.qute.RawString layerChart(
            String title, StageReport rep, ToDoubleFunction<StageReport.Layer> metric) {
        Map<String, StageReport.Layer> before = byName(rep.layersBefore());
        List<Charts.Bar> bars = new ArrayList<>();
        boolean any = false;
        boolean changed = false;
        for (StageReport.Layer l : rep.layers()) {
            StageReport.Layer b = before.get(l.layer());
            if (!l.prunable() || b == null) {
                continue;
            }
            double first = metric.applyAsDouble(b);
            double second = metric.applyAsDouble(l);
            any |= first > 0 || second > 0;
            changed |= first != second;
            bars.add(new Charts.Bar(l.layer(), first, second));
        }
        // fine-tuning keeps every layer as it was: its chart only if something changed; pruning's always
        boolean draw = any && (changed || "prune".equals(rep.step()));
        return draw ? Charts.bars(title, "before", "after", bars) : Charts.bars("", "", "", List.of());
    }

    private static List<LayerRow> layerRows(StageReport rep) {
        Map<String, StageReport.Layer> before = byName(rep.layersBefore());
        return rep.layers().stream()
                .filter(StageReport.Layer::prunable)
                .map(l -> {
                    StageReport.Layer b = before.get(l.layer());
                    return new LayerRow(
                            l.layer(),
                            l.type(),
                            b == null || b.width() == 0 ? "" : Integer.toString(b.width()),
                            l.width() == 0 ? "" : Integer.toString(l.width()),
                            b == null ? "" : Format.count(b.nonzeroParameters()),
                            Format.count(l.nonzeroParameters()),
                            Format.share(l.weightSparsity()));
                })
                .toList();
    }

    private static Map<String, StageReport.Layer> byName(List<StageReport.Layer> layers) {
        Map<String, StageReport.Layer> m = new LinkedHashMap<>();
        layers.forEach(l -> m.putIfAbsent(l.layer(), l));
        return m;
    }

    /** Every stored file of a release: its bundle, each stage's model in each format, and their reports. */
    List<ArtifactRow> artifacts(ReleaseHistory h) {
        List<ArtifactRow> rows = new ArrayList<>();
        ArtifactRef released = h.release().bundle();
        if (released != null) {
            rows.add(artifact("released", ModelArtifact.PRUNELINE, released));
        }
        for (String stage : List.of(Candidate.PRUNED, Candidate.RETRAINED)) {
            Candidate c = h.candidates().get(stage);
            if (c == null) {
                continue;
            }
            for (ModelArtifact a : c.artifacts()) {
                rows.add(artifact(stage, a.format(), a.ref()));
            }
            if (c.report() != null) {
                rows.add(artifact(stage, "report.json", c.report()));
            }
        }
        return rows;
    }

    private ArtifactRow artifact(String stage, String format, ArtifactRef ref) {
        return new ArtifactRow(
                stage, format, ref.key(), ref.sha256(), Format.bytes(ref.sizeBytes()), sources.downloadUrl(ref.key()));
    }

    /** For a rejected candidate with a measured drop: the accuracy it needed and how far it fell short. */
    static Gap gap(ReleaseHistory h) {
        Decision d = h.decision();
        ModelMetrics base = h.metrics().get("baseline");
        ModelMetrics tuned = h.metrics().get(Candidate.RETRAINED);
        if (d == null || d.outcome() != Outcome.REJECTED || base == null || tuned == null) {
            return null;
        }
        if (!Double.isFinite(d.accuracyDropPp())) {
            return new Gap(
                    Format.accuracy(base.accuracy()),
                    "",
                    Format.accuracy(tuned.accuracy()),
                    "–",
                    Format.points(d.tolerancePp()),
                    "–");
        }
        double needed = base.accuracy() - d.tolerancePp() / 100;
        return new Gap(
                Format.accuracy(base.accuracy()),
                Format.accuracy(needed),
                Format.accuracy(tuned.accuracy()),
                Format.points(d.accuracyDropPp()),
                Format.points(d.tolerancePp()),
                Format.points(d.accuracyDropPp() - d.tolerancePp()));
    }

    // ---- the compare page -------------------------------------------------------------------------------------

    /**
     * Two versions side by side: their metrics and their candidates' layers.
     *
     * @param names every version of the model, for the two selectors
     * @param a     the first version, or null when it does not exist
     * @param b     the second version, or null when it does not exist
     * @param error what to say when a version does not exist, or null
     */
    public ComparePage comparePage(
            Chrome chrome,
            String model,
            List<String> names,
            ReleaseHistory a,
            ReleaseHistory b,
            String productionVersion,
            String error) {
        if (a == null || b == null) {
            return new ComparePage(
                    chrome,
                    model,
                    modelUrl(model),
                    names,
                    a == null ? null : card(a, productionVersion, false),
                    b == null ? null : card(b, productionVersion, false),
                    List.of(),
                    List.of(),
                    Charts.bars("", "", "", List.of()),
                    Charts.bars("", "", "", List.of()),
                    error);
        }
        List<CompareRow> rows = new ArrayList<>();
        rows.add(new CompareRow(
                "status", a.release().status().name(), b.release().status().name(), ""));
        rows.add(new CompareRow(
                "decision",
                a.decision() == null ? "" : a.decision().outcome().name(),
                b.decision() == null ? "" : b.decision().outcome().name(),
                ""));
        CompressionPolicy pa = a.release().policy();
        CompressionPolicy pb = b.release().policy();
        rows.add(new CompareRow("criterion", pa == null ? "" : pa.criterion(), pb == null ? "" : pb.criterion(), ""));
        rows.add(new CompareRow(
                "granularity", pa == null ? "" : pa.granularity(), pb == null ? "" : pb.granularity(), ""));
        rows.add(new CompareRow(
                "target",
                pa == null ? "" : policy(pa).target(),
                pb == null ? "" : policy(pb).target(),
                ""));
        ModelMetrics ca = candidateMetrics(a).orElse(null);
        ModelMetrics cb = candidateMetrics(b).orElse(null);
        compare(
                rows,
                "baseline accuracy",
                a.metrics().get("baseline"),
                b.metrics().get("baseline"),
                m -> m.accuracy(),
                Format::accuracy,
                true);
        compare(rows, "candidate accuracy", ca, cb, m -> m.accuracy(), Format::accuracy, true);
        rows.add(new CompareRow(
                "accuracy drop",
                a.decision() == null ? "" : Format.points(a.decision().accuracyDropPp()),
                b.decision() == null ? "" : Format.points(b.decision().accuracyDropPp()),
                ""));
        compare(rows, "parameters", ca, cb, m -> (double) m.parameters(), v -> Format.count(v.longValue()), false);
        compare(
                rows,
                "non-zero parameters",
                ca,
                cb,
                m -> (double) m.nonzeroParameters(),
                v -> Format.count(v.longValue()),
                false);
        compare(rows, "MACs", ca, cb, m -> (double) m.macs(), Format::shortCount, false);
        compare(rows, "sparsity", ca, cb, m -> m.sparsity(), Format::share, true);
        Double sa = bundleSize(a, Candidate.RETRAINED);
        Double sb = bundleSize(b, Candidate.RETRAINED);
        rows.add(new CompareRow(
                "candidate size (bundle zip)",
                sa == null ? "" : Format.bytes(sa.longValue()),
                sb == null ? "" : Format.bytes(sb.longValue()),
                sa == null || sb == null ? "" : Format.relative(sa, sb)));

        List<StageReport.Layer> la = candidateLayers(a);
        List<StageReport.Layer> lb = candidateLayers(b);
        Map<String, StageReport.Layer> ma = byName(la);
        Map<String, StageReport.Layer> mb = byName(lb);
        Set<String> order = new LinkedHashSet<>();
        la.stream().filter(StageReport.Layer::prunable).forEach(l -> order.add(l.layer()));
        lb.stream().filter(StageReport.Layer::prunable).forEach(l -> order.add(l.layer()));
        List<LayerCompareRow> layers = new ArrayList<>();
        List<Charts.Bar> widths = new ArrayList<>();
        List<Charts.Bar> nonzero = new ArrayList<>();
        boolean anyWidth = false;
        for (String name : order) {
            StageReport.Layer x = ma.get(name);
            StageReport.Layer y = mb.get(name);
            layers.add(new LayerCompareRow(
                    name,
                    x != null ? x.type() : y.type(),
                    x == null || x.width() == 0 ? "" : Integer.toString(x.width()),
                    y == null || y.width() == 0 ? "" : Integer.toString(y.width()),
                    x == null ? "" : Format.count(x.nonzeroParameters()),
                    y == null ? "" : Format.count(y.nonzeroParameters())));
            double wa = x == null ? 0 : x.width();
            double wb = y == null ? 0 : y.width();
            anyWidth |= wa > 0 || wb > 0;
            widths.add(new Charts.Bar(name, wa, wb));
            nonzero.add(
                    new Charts.Bar(name, x == null ? 0 : x.nonzeroParameters(), y == null ? 0 : y.nonzeroParameters()));
        }
        String va = "version " + a.release().version();
        String vb = "version " + b.release().version();
        return new ComparePage(
                chrome,
                model,
                modelUrl(model),
                names,
                card(a, productionVersion, false),
                card(b, productionVersion, false),
                rows,
                layers,
                anyWidth ? Charts.bars("candidate layer widths", va, vb, widths) : Charts.bars("", "", "", List.of()),
                Charts.bars("candidate non-zero weights per layer", va, vb, nonzero),
                null);
    }

    private static void compare(
            List<CompareRow> rows,
            String label,
            ModelMetrics a,
            ModelMetrics b,
            ToDoubleFunction<ModelMetrics> metric,
            Function<Double, String> format,
            boolean inPoints) {
        Double x = value(a, metric);
        Double y = value(b, metric);
        String change = "";
        if (x != null && y != null) {
            change = inPoints ? String.format(Locale.ROOT, "%+.2f pp", 100 * (y - x)) : Format.relative(x, y);
        }
        rows.add(new CompareRow(label, x == null ? "" : format.apply(x), y == null ? "" : format.apply(y), change));
    }

    /** The layers of a release's candidate: the fine-tuned report's, else the pruned one's. */
    private List<StageReport.Layer> candidateLayers(ReleaseHistory h) {
        return report(h, Candidate.RETRAINED)
                .or(() -> report(h, Candidate.PRUNED))
                .map(StageReport::layers)
                .orElse(List.of());
    }
}

package dev.pruneline.registry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.registry.console.Pages.Chrome;
import dev.pruneline.registry.console.Pages.ComparePage;
import dev.pruneline.registry.console.Pages.MetricRow;
import dev.pruneline.registry.console.Pages.ModelPage;
import dev.pruneline.registry.console.Pages.ModelRow;
import dev.pruneline.registry.console.Pages.ReleasePage;
import dev.pruneline.registry.console.Pages.StageSection;
import dev.pruneline.registry.console.Pages.StageStep;
import dev.pruneline.registry.console.Pages.VersionCard;
import dev.pruneline.registry.store.ProductionChange;
import dev.pruneline.registry.store.ReleaseHistory;
import dev.pruneline.registry.store.ReleaseStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The view models of the console's pages, from hand-made histories and the real reports of a LeNet-5. */
class ConsoleViewsTest {

    private static final Chrome ANONYMOUS = new Chrome("t", "/ui/events", false, true, "/ui/login?next=%2Fui");
    private static final Chrome OPERATOR = new Chrome("t", "/ui/events", true, true, "/ui/login?next=%2Fui");

    private static ProductionChange gate(String model, String version, int id) {
        return new ProductionChange(
                id,
                model,
                model + "-" + version,
                version,
                ProductionChange.Action.GATE,
                ProductionChange.GATE_ACTOR,
                "within tolerance",
                Fixtures.T0.plusSeconds(id * 600L),
                null);
    }

    private static Map<String, MetricRow> byLabel(List<MetricRow> rows) {
        return rows.stream().collect(Collectors.toMap(MetricRow::label, r -> r));
    }

    @Test
    void shouldShowEachStageWithItsTimeAndDurationInOrder() {
        ReleaseHistory h = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        List<StageStep> steps = ConsoleViews.stages(h);
        assertEquals(
                List.of("released", "pruned", "retrained", "decided"),
                steps.stream().map(StageStep::name).toList());
        assertEquals(
                List.of("done", "done", "done", "done"),
                steps.stream().map(StageStep::state).toList());
        assertEquals("2026-05-01 10:00:00 UTC", steps.get(0).at());
        assertEquals("", steps.get(0).took());
        assertEquals("42.0 s", steps.get(1).took());
        assertEquals("58.0 s", steps.get(2).took());
        assertEquals("1.0 s", steps.get(3).took());
    }

    @Test
    void shouldMarkTheNextStageRunningWhileTheReleaseIsInThePipeline() {
        List<StageStep> steps = ConsoleViews.stages(Fixtures.release("lenet5", "1", ReleaseStatus.PRUNED, 0));
        assertEquals(
                List.of("done", "done", "running", "pending"),
                steps.stream().map(StageStep::state).toList());
    }

    @Test
    void shouldShowTheFailingStageWithItsReason() {
        List<StageStep> steps = ConsoleViews.stages(Fixtures.release("lenet5", "1", ReleaseStatus.FAILED, 0));
        assertEquals(
                List.of("done", "failed", "pending", "pending"),
                steps.stream().map(StageStep::state).toList());
        assertEquals("prune failed: <script>alert(1)</script>", steps.get(1).reason(), "escaped by the template");
    }

    @Test
    void shouldCountStatusesAndShowTheNewestDecisionAndTheCandidatesOverVersions() {
        List<ReleaseHistory> releases = List.of(
                Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0),
                Fixtures.release("lenet5", "2", ReleaseStatus.REJECTED, 10),
                Fixtures.release("lenet5", "3", ReleaseStatus.FAILED, 20),
                Fixtures.release("lenet5", "4", ReleaseStatus.PRUNED, 30));
        ModelRow row = new ConsoleViews(Fixtures.sources(Map.of())).modelRow("lenet5", "4", "1", releases);
        assertEquals("/ui/models/lenet5", row.url());
        assertEquals(
                "1 promoted, 1 rejected, 1 failed, 1 in the pipeline",
                row.counts().stream().map(c -> c.n() + " " + c.label()).collect(Collectors.joining(", ")));
        assertEquals("REJECTED", row.lastDecision().outcome());
        assertEquals("2", row.lastDecisionVersion());
        assertTrue(row.accuracy().getValue().startsWith("<svg"), row.accuracy().getValue());
        assertEquals("37.75%", row.accuracyLatest(), "version 4's pruned candidate, the newest measured");
        assertEquals("416.5k", row.macsLatest());
    }

    @Test
    void shouldShowVersionsNewestFirstWithProductionAndItsHistory() {
        List<ReleaseHistory> releases = List.of(
                Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0),
                Fixtures.release("lenet5", "2", ReleaseStatus.PROMOTED, 10));
        ModelPage page = new ConsoleViews(Fixtures.sources("weight", releases.toArray(ReleaseHistory[]::new)))
                .modelPage(
                        ANONYMOUS, "lenet5", releases, List.of(gate("lenet5", "2", 2), gate("lenet5", "1", 1)), null);
        assertEquals(
                List.of("2", "1"),
                page.versions().stream().map(VersionCard::version).toList());
        assertEquals("2", page.productionVersion());
        assertTrue(page.versions().get(0).production());
        assertFalse(page.versions().get(1).production());
        assertEquals("1", page.rollbackTarget(), "a roll back returns to what the newest change replaced");
        assertEquals(
                List.of("2", "1"),
                page.history().stream().map(Pages.ChangeRow::version).toList());
        assertEquals("promoted by the gate", page.history().get(0).action());
        assertEquals("1", page.compareA());
        assertEquals("2", page.compareB());
    }

    @Test
    void shouldOfferPromoteOnlyToOperatorsAndOnlyForDecidedVersionsNotInProduction() {
        ConsoleViews views = new ConsoleViews(Fixtures.sources(Map.of()));
        ReleaseHistory promoted = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        ReleaseHistory rejected = Fixtures.release("lenet5", "2", ReleaseStatus.REJECTED, 10);
        ReleaseHistory running = Fixtures.release("lenet5", "3", ReleaseStatus.PRUNED, 20);
        assertFalse(views.card(rejected, "1", false).promotable(), "anonymous visitors get no button");
        assertTrue(views.card(rejected, "1", true).promotable(), "a rejected version may be promoted by hand");
        assertFalse(views.card(promoted, "1", true).promotable(), "already production");
        assertFalse(views.card(running, "1", true).promotable(), "not decided yet");
    }

    @Test
    void shouldShowMetricsBeforeAndAfterFromTheEventsTheBundlesAndTheReports() {
        ReleaseHistory h = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        Map<String, MetricRow> rows = byLabel(new ConsoleViews(Fixtures.sources("weight", h)).metrics(h));
        assertEquals(new MetricRow("accuracy", "94.55%", "37.75%", "93.80%", "-0.75 pp"), rows.get("accuracy"));
        assertEquals("61,706", rows.get("non-zero parameters").baseline());
        assertEquals("12,341", rows.get("non-zero parameters").retrained());
        assertEquals("-80.0%", rows.get("non-zero parameters").change());
        MetricRow macs = rows.get("non-zero MACs");
        assertNotNull(macs, "from the reports: " + rows.keySet());
        assertEquals("416.5k", macs.baseline());
        assertEquals("494.3 KiB", rows.get("size (bundle zip)").baseline());
        assertEquals("242.2 KiB", rows.get("size (ONNX)").retrained());
        assertTrue(rows.containsKey("energy (estimated)"), rows.keySet().toString());
    }

    @Test
    void shouldLeaveOutWhatWasNotMeasuredYet() {
        ReleaseHistory h = Fixtures.release("lenet5", "1", ReleaseStatus.RELEASED, 0);
        List<MetricRow> rows = new ConsoleViews(Fixtures.sources(Map.of())).metrics(h);
        assertEquals(
                List.of("size (bundle zip)"),
                rows.stream().map(MetricRow::label).toList());
    }

    @Test
    void shouldTellARejectedCandidateWhatItWouldHaveTaken() {
        ReleaseHistory h = Fixtures.release("lenet5", "2", ReleaseStatus.REJECTED, 0);
        Pages.Gap gap = ConsoleViews.gap(h);
        assertEquals("94.55%", gap.baseline());
        assertEquals("93.55%", gap.needed());
        assertEquals("93.80%", gap.reached());
        assertEquals("1.80 pp", gap.drop());
        assertEquals("1.00 pp", gap.tolerance());
        assertEquals("0.80 pp", gap.gap());
        assertNull(ConsoleViews.gap(Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0)));
    }

    @Test
    void shouldDrawEachStagesReportWithWidthsBeforeAndAfter() {
        ReleaseHistory h = Fixtures.release("lenet5", "2", ReleaseStatus.REJECTED, 0);
        ReleasePage page = new ConsoleViews(Fixtures.sources("channel", h)).releasePage(ANONYMOUS, h, "1");
        assertEquals(
                List.of("pruned", "retrained"),
                page.sections().stream().map(StageSection::name).toList());
        StageSection pruned = page.sections().get(0);
        assertNull(pruned.problem());
        assertTrue(
                pruned.widths().getValue().contains("layer widths"),
                pruned.widths().getValue());
        assertEquals(
                List.of("conv1 6->4", "conv2 16->10", "fc1 120->75", "fc2 84->53", "fc3 10->10"),
                pruned.layers().stream()
                        .map(l -> l.layer() + " " + l.widthBefore() + "->" + l.widthAfter())
                        .toList());
        assertTrue(pruned.history().getValue().contains("accuracy against size"));
        assertTrue(pruned.reportUrl().endsWith("pruned/report.html?signed"), pruned.reportUrl());
        assertNotNull(pruned.plan());
        assertFalse(page.sections().get(1).epochs().isEmpty(), "fine-tuning epochs");
        assertEquals(
                List.of(
                        "released pruneline",
                        "pruned pruneline",
                        "pruned onnx",
                        "pruned report.json",
                        "retrained pruneline",
                        "retrained onnx",
                        "retrained report.json"),
                page.artifacts().stream().map(a -> a.stage() + " " + a.format()).toList());
        assertEquals(64, page.artifacts().get(0).sha256().length());
        assertNotNull(page.gap());
    }

    @Test
    void shouldDrawTheSensitivityCurvesOfAReportThatHasThem() {
        ReleaseHistory h = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        StageSection pruned = new ConsoleViews(Fixtures.sources("weight", h))
                .releasePage(ANONYMOUS, h, "1")
                .sections()
                .get(0);
        String svg = pruned.sensitivity().getValue();
        assertTrue(svg.contains("sensitivity") && svg.contains("conv1.weight"), svg);
        assertTrue(pruned.widths().getValue().contains("<svg"), "weight pruning keeps widths, still drawn");
    }

    @Test
    void shouldSayWhenAReportCannotBeRead() {
        ReleaseHistory h = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        ReleasePage page = new ConsoleViews(Fixtures.sources(Map.of())).releasePage(OPERATOR, h, "1");
        assertTrue(page.sections().get(0).problem().contains("could not be read"));
        assertEquals("", page.sections().get(0).sensitivity().getValue());
    }

    @Test
    void shouldCompareTwoVersionsMetricByMetricAndLayerByLayer() {
        ReleaseHistory a = Fixtures.release("lenet5", "1", ReleaseStatus.PROMOTED, 0);
        ReleaseHistory b = Fixtures.release("lenet5", "2", ReleaseStatus.REJECTED, 10);
        Map<String, StageReport> reports = new java.util.HashMap<>();
        a.candidates().forEach((s, c) -> reports.put(c.report().key(), Fixtures.report("weight", s)));
        b.candidates().forEach((s, c) -> reports.put(c.report().key(), Fixtures.report("channel", s)));
        ComparePage page = new ConsoleViews(Fixtures.sources(reports))
                .comparePage(ANONYMOUS, "lenet5", List.of("1", "2"), a, b, "1", null);
        Map<String, Pages.CompareRow> rows =
                page.metrics().stream().collect(Collectors.toMap(Pages.CompareRow::label, r -> r));
        assertEquals("PROMOTED", rows.get("decision").a());
        assertEquals("REJECTED", rows.get("decision").b());
        assertEquals("+0.00 pp", rows.get("candidate accuracy").change());
        assertEquals(
                List.of("conv1 6/4", "conv2 16/10", "fc1 120/75", "fc2 84/53", "fc3 10/10"),
                page.layers().stream()
                        .map(l -> l.layer() + " " + l.widthA() + "/" + l.widthB())
                        .toList());
        assertTrue(page.widths().getValue().contains("version 2"));
    }

    @Test
    void shouldEncodeNamesInLinks() {
        assertEquals("/ui/models/a%20b%2F%3Cc%3E", ConsoleViews.modelUrl("a b/<c>"));
        assertEquals("/ui/models/m/versions/1.0-rc%231", ConsoleViews.versionUrl("m", "1.0-rc#1"));
        assertEquals("/ui/events?model=a+%26+b", ConsoleViews.eventsUrl("a & b"));
    }

    @Test
    void shouldReturnOnlyToConsolePagesAfterSigningIn() {
        assertEquals("/ui/models/lenet5", ConsoleResource.consolePath("/ui/models/lenet5"));
        assertEquals("/ui", ConsoleResource.consolePath("https://evil.example/ui"));
        assertEquals("/ui", ConsoleResource.consolePath("//evil.example/ui"));
        assertEquals("/ui", ConsoleResource.consolePath("/ui//evil.example"));
        assertEquals("/ui", ConsoleResource.consolePath("/api/v1/models"));
        assertEquals("/ui", ConsoleResource.consolePath("/uiother"));
        assertEquals("/ui", ConsoleResource.consolePath(null));
    }
}

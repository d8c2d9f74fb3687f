package dev.pruneline.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.TestModels;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.PruneException;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlanSearchTest {
    private final ModelBundle vgg = TestModels.randomBundle(Architectures.vggSmall(), 4);
    private final Pruner pruner = Pruner.of(Granularity.CHANNEL);
    private final Function<Map<String, Double>, ModelBundle> apply =
            r -> pruner.run(CriterionContext.of(vgg, Map.of()), new MagnitudeCriterion(), Selection.perUnit(r))
                    .bundle();

    /** A curve that loses {@code slope} accuracy per unit of ratio from a baseline of 0.99. */
    private static SensitivityCurve linear(String unit, double slope) {
        List<SensitivityPoint> points = new ArrayList<>();
        for (double r : SensitivityAnalysis.DEFAULT_RATIOS) {
            points.add(new SensitivityPoint(r, 0.99 - slope * r));
        }
        return new SensitivityCurve(unit, 32, 0.99, points);
    }

    @Test
    void interpolatesTheLargestRatioWithinAnAllowedDrop() {
        SensitivityCurve c = linear("conv1", 0.1);
        assertEquals(0.5, c.maxRatioWithin(0.05), 1e-9);
        assertEquals(0.94, c.accuracyAt(0.5), 1e-9);
        assertEquals(0.9, c.maxRatioWithin(1), 1e-9);
    }

    @Test
    void leavesTheSensitiveGroupUntouchedAndReachesTheMacsTarget() {
        List<SensitivityCurve> curves = List.of(
                linear("conv1", 0.8),
                linear("conv2", 0.01),
                linear("conv3", 0.01),
                linear("conv4", 0.01),
                new SensitivityCurve(
                        "fc1", 128, 0.99, List.of(new SensitivityPoint(0.1, 0.5), new SensitivityPoint(0.9, 0.1))));
        PruningPlan plan = PlanSearch.fromCurves(curves, TargetKind.MACS, 0.5, ModelCost.of(vgg), apply);
        assertTrue(plan.achieved() >= 0.5, plan.toString());
        assertEquals(0.0, plan.ratios().get("fc1"), plan.toString());
        assertTrue(plan.ratios().get("conv1") < plan.ratios().get("conv2"), plan.toString());
    }

    @Test
    void findsOneRatioForAllGroupsWithoutCurves() {
        PruningPlan plan = PlanSearch.uniform(pruner.units(vgg), TargetKind.MACS, 0.5, 0.95, ModelCost.of(vgg), apply);
        assertTrue(plan.achieved() >= 0.5 && plan.achieved() < 0.56, plan.toString());
        assertEquals(1, plan.ratios().values().stream().distinct().count());
    }

    @Test
    void givesBackTheChannelsAUniformPlanRemovedBeyondItsTarget() {
        ModelCost before = ModelCost.of(vgg);
        PruningPlan uniform = PlanSearch.uniform(pruner.units(vgg), TargetKind.MACS, 0.5, 0.95, before, apply);
        Map<String, Integer> groups = widths(vgg);
        Map<String, Integer> start = widths(apply.apply(uniform.ratios()));
        PruningPlan filled = PlanSearch.fill(uniform, groups, start, 1, before, apply);

        Map<String, Integer> kept = widths(apply.apply(filled.ratios()));
        double achieved = TargetKind.MACS.reduction(before, ModelCost.of(apply.apply(filled.ratios())));
        assertEquals(filled.achieved(), achieved, 1e-12, "the plan says what its graph removes");
        assertTrue(achieved >= 0.5 && achieved < uniform.achieved(), uniform.achieved() + " -> " + achieved);
        assertTrue(kept.keySet().stream().allMatch(g -> kept.get(g) >= start.get(g)), start + " -> " + kept);
        assertEquals("uniform", filled.method());
        for (String g : groups.keySet()) {
            if (kept.get(g) < groups.get(g)) {
                Map<String, Integer> wider = new java.util.LinkedHashMap<>(kept);
                wider.put(g, kept.get(g) + 1);
                Map<String, Double> ratios = new java.util.LinkedHashMap<>();
                wider.forEach((id, k) -> ratios.put(id, (groups.get(id) - k + 1e-6) / groups.get(id)));
                double more = TargetKind.MACS.reduction(before, ModelCost.of(apply.apply(ratios)));
                assertTrue(more < 0.5, "one more channel in " + g + " still removes " + more + ": budget left");
            }
        }
    }

    @Test
    void saysWhenATargetCannotBeReached() {
        List<SensitivityCurve> flat =
                List.of(new SensitivityCurve("fc1", 128, 0.99, List.of(new SensitivityPoint(0.1, 0.99))));
        PruneException e = assertThrows(
                PruneException.class,
                () -> PlanSearch.fromCurves(flat, TargetKind.MACS, 0.5, ModelCost.of(vgg), apply));
        assertTrue(e.getMessage().startsWith("a macs reduction of 0.500 cannot be reached"), e.getMessage());
    }

    /** Widths of the groups of a pruned VGG-small, by group id. */
    private static Map<String, Integer> widths(ModelBundle b) {
        Map<String, Integer> w = new java.util.LinkedHashMap<>();
        DependencyGraph.of(b.spec()).groups().forEach(g -> w.put(g.id(), g.channels()));
        return w;
    }

    /**
     * A fake machine on which conv3's width costs ten times what any other group's costs (not the
     * first group, so a search that ignored the times and kept the first candidate would not pass).
     */
    private static double[] conv3Heavy(List<ModelBundle> bundles) {
        return bundles.stream()
                .mapToDouble(b -> widths(b).entrySet().stream()
                        .mapToDouble(e -> e.getValue() * (e.getKey().equals("conv3") ? 10.0 : 1.0))
                        .sum())
                .toArray();
    }

    private Map<String, Integer> groupSizes() {
        return widths(vgg);
    }

    @Test
    void latencyPlanShrinksWhereTheMeasuredTimeFallsInStepsOfRoundTo() {
        List<Integer> measured = new ArrayList<>();
        PruningPlan plan = PlanSearch.latency(
                groupSizes(),
                8,
                TargetKind.MACS,
                0.3,
                0.95,
                ModelCost.of(vgg),
                apply,
                bundles -> {
                    measured.add(bundles.size());
                    return conv3Heavy(bundles);
                },
                List.of());
        Map<String, Integer> kept = widths(apply.apply(plan.ratios()));
        assertEquals("latency", plan.method());
        assertTrue(plan.achieved() >= 0.3, plan.toString());
        assertTrue(kept.values().stream().allMatch(k -> k % 8 == 0), kept.toString());
        assertTrue(64 - kept.get("conv3") > 64 - kept.get("conv4"), "conv3 is where time goes: " + kept);
        assertEquals(32, kept.get("conv1"), "conv1 costs little time: " + kept);
        assertTrue(
                measured.get(0) > groupSizes().size() + 1
                        && measured.get(0)
                                <= 1 + PlanSearch.LOOKAHEAD * groupSizes().size(),
                "the current model and up to " + PlanSearch.LOOKAHEAD + " widths per group: " + measured.get(0));
    }

    /** A fake CPU computing in blocks of 16 channels: 56 channels cost what 64 cost. */
    private static double[] blocksOf16(List<ModelBundle> bundles) {
        return bundles.stream()
                .mapToDouble(b -> widths(b).entrySet().stream()
                        .mapToDouble(e -> Math.ceil(e.getValue() / 16.0)
                                * 16
                                * (e.getKey().equals("conv3") ? 10.0 : 1.0))
                        .sum())
                .toArray();
    }

    @Test
    void latencyPlanLooksPastAStepThatSavesNothing() {
        PruningPlan plan = PlanSearch.latency(
                groupSizes(),
                8,
                TargetKind.MACS,
                0.2,
                0.95,
                ModelCost.of(vgg),
                apply,
                PlanSearchTest::blocksOf16,
                List.of());
        Map<String, Integer> kept = widths(apply.apply(plan.ratios()));
        assertTrue(kept.get("conv3") < 64 && kept.get("conv3") % 16 == 0, "conv3 cut to whole blocks: " + kept);
    }

    @Test
    void latencyStepsNestSoIterativeRoundsFollowOneSearch() {
        List<PruningPlan> steps = PlanSearch.latencySteps(
                groupSizes(),
                8,
                TargetKind.MACS,
                0.3,
                0.95,
                ModelCost.of(vgg),
                apply,
                PlanSearchTest::conv3Heavy,
                List.of());
        assertEquals(0.0, steps.get(0).achieved(), 1e-9);
        assertTrue(steps.get(steps.size() - 1).achieved() >= 0.3);
        for (int i = 1; i < steps.size(); i++) {
            PruningPlan before = steps.get(i - 1);
            PruningPlan after = steps.get(i);
            assertTrue(after.achieved() > before.achieved(), "step " + i);
            before.ratios().forEach((g, r) -> assertTrue(after.ratios().get(g) >= r, g + " grew back at step"));
        }
    }

    @Test
    void latencyPlanSparesAGroupItsCurveMarksAsSensitive() {
        List<SensitivityCurve> curves = List.of(
                linear("conv1", 0.01),
                linear("conv2", 0.01),
                linear("conv3", 0.9),
                linear("conv4", 0.01),
                new SensitivityCurve(
                        "fc1", 128, 0.99, List.of(new SensitivityPoint(0.5, 0.98), new SensitivityPoint(0.9, 0.97))));
        PruningPlan plan = PlanSearch.latency(
                groupSizes(),
                8,
                TargetKind.MACS,
                0.3,
                0.95,
                ModelCost.of(vgg),
                apply,
                PlanSearchTest::conv3Heavy,
                curves);
        assertTrue(plan.achieved() >= 0.3, plan.toString());
        assertEquals(0.0, plan.ratios().get("conv3"), "conv3 loses 0.9 accuracy per ratio: " + plan);
    }

    @Test
    void latencyPlanSaysWhenTheTargetIsOutOfReach() {
        PruneException e = assertThrows(
                PruneException.class,
                () -> PlanSearch.latency(
                        Map.of("fc1", 128),
                        16,
                        TargetKind.MACS,
                        0.5,
                        0.95,
                        ModelCost.of(vgg),
                        apply,
                        PlanSearchTest::conv3Heavy,
                        List.of()));
        assertTrue(e.getMessage().contains("every group at its smallest width"), e.getMessage());
    }

    @Test
    void agpRoundsRiseCubicallyToTheTarget() {
        assertEquals(0.5 * (1 - 8.0 / 27), Schedule.agpTarget(0.5, 1, 3), 1e-12);
        assertEquals(0.5, Schedule.agpTarget(0.5, 3, 3), 1e-12);
    }
}

package dev.pruneline.registry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The inline SVG charts: every text escaped, nothing drawn from nothing. */
class ChartsTest {

    private static final String HOSTILE = "<script>alert('x')</script>&\"";

    @Test
    void shouldEscapeEveryTextOfAChart() {
        String lines = Charts.lines(
                        HOSTILE,
                        HOSTILE,
                        HOSTILE,
                        List.of(new Charts.Series(
                                HOSTILE, new double[] {0, 1}, new double[] {1, 2}, new String[] {HOSTILE, HOSTILE})))
                .getValue();
        String bars = Charts.bars(HOSTILE, HOSTILE, HOSTILE, List.of(new Charts.Bar(HOSTILE, 1, 2)))
                .getValue();
        String spark = Charts.sparkline(new double[] {1, 2}, HOSTILE).getValue();
        for (String svg : List.of(lines, bars, spark)) {
            assertFalse(svg.contains("<script"), svg);
            assertFalse(svg.contains("alert('x')"), svg);
            assertTrue(svg.contains("&lt;script&gt;"), svg);
        }
    }

    @Test
    void shouldDrawNothingWithoutData() {
        assertEquals("", Charts.sparkline(new double[] {Double.NaN}, "t").getValue());
        assertEquals("", Charts.lines("t", "x", "y", List.of()).getValue());
        assertEquals("", Charts.bars("t", "a", "b", List.of()).getValue());
    }

    @Test
    void shouldDrawASparklineOfTheMeasuredValuesOnly() {
        String svg = Charts.sparkline(new double[] {0.9, Double.NaN, 0.95}, "accuracy")
                .getValue();
        assertTrue(svg.contains("<polyline"), svg);
        assertTrue(svg.contains("<title>accuracy</title>"), svg);
        assertTrue(Charts.sparkline(new double[] {0.9}, "one").getValue().contains("<circle"));
    }

    @Test
    void shouldEscapeQuotesAndAmpersandsForAttributes() {
        assertEquals("a&amp;b&lt;c&gt;&quot;d&#39;", Charts.escape("a&b<c>\"d'"));
    }
}

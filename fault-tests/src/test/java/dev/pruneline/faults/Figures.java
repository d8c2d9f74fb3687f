package dev.pruneline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of each fault case: printed as the case ends, and kept as a Markdown table in
 * {@code target/fault-injection.md} (rewritten after every case, so a run that stops half-way still leaves the
 * cases it finished), headed by the machine it ran on.
 */
final class Figures {

    private static final Path TABLE = Path.of("target", "fault-injection.md");
    private static final List<String> ROWS = new ArrayList<>();

    private Figures() {}

    /** Records one case: what was injected, what came out, and its numbers. */
    static synchronized void record(String fault, String outcome, String figures) {
        System.out.printf("fault case | %s | %s | %s%n", fault, outcome, figures);
        ROWS.add("| " + fault + " | " + outcome + " | " + figures + " |");
        try {
            Files.createDirectories(TABLE.getParent());
            List<String> lines = new ArrayList<>();
            lines.add("Run on " + LocalDate.now(ZoneOffset.UTC) + ", " + machine() + ".");
            lines.add("");
            lines.add("| fault injected | outcome | figures |");
            lines.add("| --- | --- | --- |");
            lines.addAll(ROWS);
            Files.write(TABLE, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + TABLE, e);
        }
    }

    /** CPU model (with its family and model numbers), cores and Java version of this machine. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = field(info, "model name") + " (cpu family " + field(info, "cpu family") + ", model "
                    + field(info, "model") + ")";
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version");
    }

    private static String field(List<String> cpuinfo, String name) {
        return cpuinfo.stream()
                .filter(l -> l.startsWith(name)
                        && l.substring(0, l.indexOf(':')).trim().equals(name))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("?");
    }
}

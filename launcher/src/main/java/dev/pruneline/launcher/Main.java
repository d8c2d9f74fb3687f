package dev.pruneline.launcher;

import picocli.CommandLine;

/** Entry point of {@code ./pruneline}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(PrunelineCommand.commandLine().execute(args));
    }

    /** Used by tests: runs a command line and returns its exit code. */
    static int run(String... args) {
        return PrunelineCommand.commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return PrunelineCommand.commandLine();
    }
}

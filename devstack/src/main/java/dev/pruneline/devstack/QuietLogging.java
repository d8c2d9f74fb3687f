package dev.pruneline.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the servers' own logging down to WARN, whatever slf4j backend the process uses: java.util.logging levels
 * (the JBoss LogManager of Quarkus tests and slf4j-jdk14 read them) and slf4j-simple system properties (read when
 * a logger is first created, so this runs before any Kafka or jclouds class logs). Levels a process sets
 * explicitly, e.g. a Quarkus {@code quarkus.log.category} entry, are left alone where they are set later.
 */
final class QuietLogging {

    /** Kafka (broker and clients), Kafka's state-change log, S3Proxy and its shaded Jetty, jclouds, Jetty. */
    static final List<String> CATEGORIES = List.of(
            "org.apache.kafka",
            "kafka",
            "state.change.logger",
            "org.gaul",
            "org.jclouds",
            "jclouds",
            "org.eclipse.jetty");

    /**
     * Categories one step quieter still (ERROR): the controller warns on every start of a fresh single-node
     * cluster ("Performing controller activation ... metadata log appears to be empty").
     */
    static final List<String> ERROR_ONLY = List.of("org.apache.kafka.controller.QuorumController");

    /** java.util.logging keeps loggers weakly: hold them, or the level is lost with the logger. */
    private static final List<Logger> HELD = new ArrayList<>();

    private QuietLogging() {}

    static synchronized void apply() {
        if (!HELD.isEmpty()) {
            return;
        }
        CATEGORIES.forEach(category -> quiet(category, "warn", Level.WARNING));
        ERROR_ONLY.forEach(category -> quiet(category, "error", Level.SEVERE));
    }

    private static void quiet(String category, String simpleLevel, Level julLevel) {
        String simpleKey = "org.slf4j.simpleLogger.log." + category;
        if (System.getProperty(simpleKey) == null) {
            System.setProperty(simpleKey, simpleLevel);
        }
        Logger logger = Logger.getLogger(category);
        if (logger.getLevel() == null) {
            logger.setLevel(julLevel);
        }
        HELD.add(logger);
    }
}

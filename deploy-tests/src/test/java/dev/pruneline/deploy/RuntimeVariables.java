package dev.pruneline.deploy;

import java.util.Map;
import java.util.Optional;

/**
 * Environment variables of a service container that are not Quarkus config keys: read by the image's start script,
 * the JVM, DJL or libtorch. Anything else set on a service must be one of the service's own config keys.
 */
final class RuntimeVariables {

    /** variable -> who reads it. */
    static final Map<String, String> KNOWN = Map.of(
            "JAVA_OPTS", "deploy/docker/run.sh (JVM options)",
            "OMP_NUM_THREADS", "libtorch's OpenMP thread pool",
            "OMP_WAIT_POLICY", "libtorch's OpenMP thread pool",
            "GOMP_SPINCOUNT", "libtorch's OpenMP thread pool (spin before sleeping)",
            "DJL_CACHE_DIR", "DJL (where natives are extracted)",
            "PYTORCH_FLAVOR", "DJL (set by run.sh for GPU images)",
            "PYTORCH_VERSION", "DJL (set by run.sh for GPU images)",
            "PYTORCH_LIBRARY_PATH", "DJL (set by run.sh for GPU images)");

    private RuntimeVariables() {}

    static Optional<String> reader(String variable) {
        return Optional.ofNullable(KNOWN.get(variable));
    }

    /** Fails unless {@code variable} is a config key of the service or a known runtime variable. */
    static void assertReadBy(ServiceModule service, ConfigKeys keys, String variable, String where) {
        if (keys.keyForEnv(variable).isEmpty() && reader(variable).isEmpty()) {
            throw new AssertionError(where + ": " + variable + " is set on " + service.name()
                    + " but is none of its config keys (in environment form) nor a runtime variable "
                    + KNOWN.keySet() + ". Its keys: " + keys);
        }
    }
}

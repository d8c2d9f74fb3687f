package dev.pruneline.registry.console;

import dev.pruneline.pipeline.event.ArtifactRef;
import java.util.Optional;

/** Where the console's views read what the database does not hold: the artifact store. */
public interface Sources {

    /** A stage's report, read from the artifact store; empty when it cannot be read. */
    Optional<StageReport> report(ArtifactRef ref);

    /** A time-limited download link of a stored object. */
    String downloadUrl(String key);

    /** A download link of an object that may not exist (a stage's report page); empty when it does not. */
    Optional<String> optionalDownloadUrl(String key);
}

package dev.pruneline.ingest;

import dev.pruneline.pipeline.quarkus.SingleUserIdentityProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks the HTTP Basic credentials of an upload: user {@value #USER} with the password
 * {@code pruneline.ingest.uploader.password} gets the role {@value #ROLE}, which every write endpoint requires. The
 * comparison is constant time (see {@link SingleUserIdentityProvider}).
 */
@Singleton
public class UploaderIdentityProvider extends SingleUserIdentityProvider {

    /** The user name of uploads. */
    public static final String USER = "uploader";
    /** The role every write endpoint requires. */
    public static final String ROLE = "uploader";

    private static final Logger LOG = Logger.getLogger(UploaderIdentityProvider.class);

    @Inject
    UploaderIdentityProvider(IngestConfig config) {
        this(config.uploader().password(), config.uploader().authEnabled());
        if (!config.uploader().authEnabled()) {
            LOG.warn("uploads need no credentials (pruneline.ingest.uploader.auth-enabled=false): for local runs only");
        } else if (!passwordConfigured()) {
            LOG.warn("no uploader password is configured: every upload is refused until"
                    + " pruneline.ingest.uploader.password (env PRUNELINE_INGEST_UPLOADER_PASSWORD) is set");
        }
    }

    /** {@code authEnabled} false: uploads need no credentials, and none are checked (see {@link OpenUploads}). */
    UploaderIdentityProvider(Optional<String> password, boolean authEnabled) {
        super(USER, ROLE, password, authEnabled);
    }

    /** The configured password, stripped as the launcher strips what it reads; empty if unset or blank. */
    static Optional<String> configuredPassword(IngestConfig config) {
        return configured(config.uploader().password());
    }
}

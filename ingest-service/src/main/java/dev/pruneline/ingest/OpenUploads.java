package dev.pruneline.ingest;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * With {@code pruneline.ingest.uploader.auth-enabled=false} (local runs only) every caller, anonymous ones included,
 * gets the {@value UploaderIdentityProvider#ROLE} role, so the write endpoints' {@code @RolesAllowed} lets them in;
 * with it on (the default) this changes nothing.
 */
@ApplicationScoped
public class OpenUploads implements SecurityIdentityAugmentor {

    private final boolean authEnabled;

    OpenUploads(IngestConfig config) {
        this.authEnabled = config.uploader().authEnabled();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (authEnabled || identity.hasRole(UploaderIdentityProvider.ROLE)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addRole(UploaderIdentityProvider.ROLE)
                        .build());
    }
}

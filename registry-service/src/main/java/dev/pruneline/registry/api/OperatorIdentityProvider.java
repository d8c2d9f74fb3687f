package dev.pruneline.registry.api;

import dev.pruneline.pipeline.quarkus.SingleUserIdentityProvider;
import dev.pruneline.registry.store.RegistryConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Checks an operator's HTTP Basic credentials (promote, roll back, retry, and the console's operator forms): user
 * {@value #USER} with the password {@code pruneline.registry.operator.password} (env
 * {@code PRUNELINE_REGISTRY_OPERATOR_PASSWORD}) gets the role {@value ModelsResource#OPERATOR_ROLE}. The comparison
 * is constant time (see {@link SingleUserIdentityProvider}). With no password set nobody can sign in as operator.
 */
@Singleton
public class OperatorIdentityProvider extends SingleUserIdentityProvider {

    /** The operator's user name. */
    public static final String USER = "operator";

    @Inject
    OperatorIdentityProvider(RegistryConfig config) {
        this(config.operator().password());
    }

    OperatorIdentityProvider(Optional<String> password) {
        super(USER, ModelsResource.OPERATOR_ROLE, password);
    }
}

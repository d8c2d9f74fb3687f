package dev.pruneline.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's credentials are compared in constant time; only user operator with the configured password gets in. */
class OperatorIdentityProviderTest {

    private static SecurityIdentity signIn(OperatorIdentityProvider provider, String user, String password) {
        return provider.authenticate(
                        new UsernamePasswordAuthenticationRequest(user, new PasswordCredential(password.toCharArray())),
                        null)
                .await()
                .indefinitely();
    }

    @Test
    void shouldAcceptTheOperatorWithTheRightPasswordOnly() {
        OperatorIdentityProvider provider = new OperatorIdentityProvider(Optional.of("s3cret"));
        assertTrue(provider.accepts("operator", "s3cret".toCharArray()));
        assertFalse(provider.accepts("operator", "s3cres".toCharArray()), "wrong password");
        assertFalse(provider.accepts("operator", "s3cret ".toCharArray()), "longer password");
        assertFalse(provider.accepts("operator", "s3cre".toCharArray()), "a prefix of the password");
        assertFalse(provider.accepts("operator", new char[0]), "empty password");
        assertFalse(provider.accepts("uploader", "s3cret".toCharArray()), "wrong user");
        assertFalse(provider.accepts(null, "s3cret".toCharArray()), "no user");
    }

    @Test
    void shouldGrantTheOperatorRoleAndRefuseWrongCredentials() {
        OperatorIdentityProvider provider = new OperatorIdentityProvider(Optional.of("s3cret"));
        SecurityIdentity identity = signIn(provider, "operator", "s3cret");
        assertEquals("operator", identity.getPrincipal().getName());
        assertTrue(identity.hasRole(ModelsResource.OPERATOR_ROLE));
        assertThrows(AuthenticationFailedException.class, () -> signIn(provider, "operator", "wrong"));
        assertThrows(AuthenticationFailedException.class, () -> signIn(provider, "admin", "s3cret"));
    }

    @Test
    void shouldStripTheConfiguredPasswordAsTheLauncherDoes() {
        OperatorIdentityProvider provider = new OperatorIdentityProvider(Optional.of("  s3cret\n"));
        assertTrue(provider.accepts("operator", "s3cret".toCharArray()));
    }

    @Test
    void shouldLetNobodyInWhileNoPasswordIsConfigured() {
        for (Optional<String> password :
                java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            OperatorIdentityProvider provider = new OperatorIdentityProvider(password);
            assertFalse(provider.passwordConfigured());
            assertFalse(provider.accepts("operator", new char[0]), "empty password");
            assertFalse(provider.accepts("operator", "  ".toCharArray()), "blank password");
            assertFalse(provider.accepts("operator", "null".toCharArray()));
            assertThrows(AuthenticationFailedException.class, () -> signIn(provider, "operator", ""));
        }
    }
}

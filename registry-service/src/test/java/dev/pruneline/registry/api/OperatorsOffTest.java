package dev.pruneline.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.registry.store.RegistryConfig;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without an operator password nobody changes production by hand, whoever asks. */
class OperatorsOffTest {

    private static RegistryConfig withPassword(Optional<String> password) {
        return new RegistryConfig() {
            @Override
            public Database database() {
                return Database.EMBEDDED;
            }

            @Override
            public Postgresql pg() {
                return null;
            }

            @Override
            public Operator operator() {
                return () -> password;
            }

            @Override
            public int maxEventBytes() {
                return 1 << 20;
            }

            @Override
            public Duration stageTimeout() {
                return Duration.ofHours(6);
            }

            @Override
            public Duration watchdogInterval() {
                return Duration.ofMinutes(1);
            }
        };
    }

    private static final SecurityContext OPERATOR = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
            return () -> "operator";
        }

        @Override
        public boolean isUserInRole(String role) {
            return true;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
        }
    };

    @Test
    void shouldRefusePromoteAndRollBackWhileNoPasswordIsSet() {
        for (Optional<String> password : java.util.List.of(Optional.<String>empty(), Optional.of("  "))) {
            ModelsResource api = new ModelsResource(null, null, null, null, withPassword(password));
            WebApplicationException promote = assertThrows(
                    WebApplicationException.class,
                    () -> api.promote("lenet5", new ProductionRequest("1", "why", null), OPERATOR));
            assertEquals(403, promote.getResponse().getStatus());
            String error =
                    ((Map<?, ?>) promote.getResponse().getEntity()).get("error").toString();
            assertTrue(error.contains("set pruneline.registry.operator.password"), error);
            WebApplicationException rollback = assertThrows(
                    WebApplicationException.class,
                    () -> api.rollback("lenet5", new ProductionRequest(null, "why", null), OPERATOR));
            assertEquals(403, rollback.getResponse().getStatus());
        }
    }

    @Test
    void shouldAnswerAnAnonymousChangeWith403WhileOffAndWithABasicChallengeWhenOn() {
        Response off = new SecurityErrors(withPassword(Optional.empty())).unauthorized(new UnauthorizedException());
        assertEquals(403, off.getStatus());
        assertTrue(((Map<?, ?>) off.getEntity()).get("error").toString().contains("promote and roll back are off"));

        Response on = new SecurityErrors(withPassword(Optional.of("s3cret"))).unauthorized(new UnauthorizedException());
        assertEquals(401, on.getStatus());
        assertTrue(on.getHeaderString("WWW-Authenticate").startsWith("Basic"), on.getHeaderString("WWW-Authenticate"));
        assertTrue(((Map<?, ?>) on.getEntity()).get("error").toString().contains("operator's credentials"));
    }
}

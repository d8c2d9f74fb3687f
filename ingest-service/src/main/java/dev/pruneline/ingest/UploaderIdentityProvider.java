package dev.pruneline.ingest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks the HTTP Basic credentials of an upload: user {@value #USER} with the password
 * {@code pruneline.ingest.uploader.password} gets the role {@value #ROLE}, which every write endpoint requires.
 *
 * <p>The comparison is done here rather than by Quarkus' embedded users ({@code quarkus.security.users.embedded.*},
 * as the registry's operator uses) because those, with plain-text passwords, end in Elytron's
 * {@code org.wildfly.security.password.impl.ClearPasswordImpl.verify}, which is {@code Arrays.equals} and returns at
 * the first differing character. Here both the user name and the password are hashed with SHA-256 and the hashes
 * compared by {@link MessageDigest#isEqual} (constant time for arrays of one length; hashes always are), both
 * comparisons always made, so the time taken tells nothing about how much of a guess was right, nor the password's
 * length.
 */
@ApplicationScoped
public class UploaderIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** The user name of uploads. */
    public static final String USER = "uploader";
    /** The role every write endpoint requires. */
    public static final String ROLE = "uploader";

    private static final Logger LOG = Logger.getLogger(UploaderIdentityProvider.class);

    private final byte[] userHash = sha256(USER.toCharArray());
    /** The configured password's hash; empty while none is configured (then nothing is accepted). */
    private final Optional<byte[]> passwordHash;
    /** false: uploads need no credentials, and any that come are not checked (see {@link OpenUploads}). */
    private final boolean authEnabled;

    @Inject
    UploaderIdentityProvider(IngestConfig config) {
        this(configuredPassword(config), config.uploader().authEnabled());
        if (!authEnabled) {
            LOG.warn("uploads need no credentials (pruneline.ingest.uploader.auth-enabled=false): for local runs only");
        } else if (passwordHash.isEmpty()) {
            LOG.warn("no uploader password is configured: every upload is refused until"
                    + " pruneline.ingest.uploader.password (env PRUNELINE_INGEST_UPLOADER_PASSWORD) is set");
        }
    }

    UploaderIdentityProvider(Optional<String> password, boolean authEnabled) {
        this.passwordHash = password.map(p -> sha256(p.toCharArray()));
        this.authEnabled = authEnabled;
    }

    /** The configured password, stripped as the launcher strips what it reads; empty if unset or blank. */
    static Optional<String> configuredPassword(IngestConfig config) {
        return config.uploader().password().map(String::strip).filter(p -> !p.isEmpty());
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (authEnabled && !accepts(request.getUsername(), request.getPassword().getPassword())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("wrong uploader user name or password"));
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(USER))
                        .addRole(ROLE)
                        .build());
    }

    /** Whether these are the uploader's credentials; in constant time (see the class comment). */
    boolean accepts(String user, char[] password) {
        if (passwordHash.isEmpty()) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(userHash, sha256(user == null ? new char[0] : user.toCharArray()));
        boolean passwordMatches = MessageDigest.isEqual(passwordHash.get(), sha256(password));
        return userMatches & passwordMatches; // not &&: both comparisons always run
    }

    private static byte[] sha256(char[] text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}

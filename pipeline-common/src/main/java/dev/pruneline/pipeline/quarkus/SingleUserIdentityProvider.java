package dev.pruneline.pipeline.quarkus;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks HTTP Basic credentials against one configured user: that user name with the configured password gets one
 * role. A service subclasses it as a {@code @Singleton} bean (the uploader of ingest-service, the operator of
 * registry-service); not a normal-scoped one, whose client proxy would need a no-args constructor.
 *
 * <p>The comparison is done here rather than by Quarkus' embedded users ({@code quarkus.security.users.embedded.*})
 * because those, with plain-text passwords, end in Elytron's
 * {@code org.wildfly.security.password.impl.ClearPasswordImpl.verify}, which is {@code Arrays.equals} and returns at
 * the first differing character. Here both the user name and the password are hashed with SHA-256 and the hashes
 * compared by {@link MessageDigest#isEqual} (constant time for arrays of one length; hashes always are), both
 * comparisons always made, so the time taken tells nothing about how much of a guess was right, nor the password's
 * length.
 *
 * <p>With no password configured (unset or blank) nothing is accepted: nobody can sign in as the user.
 */
public abstract class SingleUserIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final String user;
    private final String role;
    private final byte[] userHash;
    /** The configured password's hash; empty while none is configured (then nothing is accepted). */
    private final Optional<byte[]> passwordHash;
    /** false: every caller gets the identity, and credentials that come are not checked. */
    private final boolean authEnabled;

    /**
     * @param user the one user name accepted
     * @param role the role that user gets
     * @param password the configured password, as read from the configuration: stripped (as Quarkus trims configured
     *     passwords and the launcher strips what it reads); unset or blank, nothing is accepted
     * @param authEnabled false: credentials are not checked and every request that brings any gets the identity (for
     *     local runs only)
     */
    protected SingleUserIdentityProvider(String user, String role, Optional<String> password, boolean authEnabled) {
        this.user = user;
        this.role = role;
        this.userHash = sha256(user.toCharArray());
        this.passwordHash = configured(password).map(p -> sha256(p.toCharArray()));
        this.authEnabled = authEnabled;
    }

    /** The same with credentials always checked. */
    protected SingleUserIdentityProvider(String user, String role, Optional<String> password) {
        this(user, role, password, true);
    }

    /** The password as it counts: stripped; empty if unset or blank. */
    public static Optional<String> configured(Optional<String> password) {
        return password.map(String::strip).filter(p -> !p.isEmpty());
    }

    /** Whether a password is configured, i.e. anyone can sign in as the user. */
    public boolean passwordConfigured() {
        return passwordHash.isPresent();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (authEnabled && !accepts(request.getUsername(), request.getPassword().getPassword())) {
            return Uni.createFrom()
                    .failure(new AuthenticationFailedException("wrong " + user + " user name or password"));
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(user))
                        .addRole(role)
                        .build());
    }

    /** Whether these are the user's credentials; in constant time (see the class comment). */
    public boolean accepts(String userName, char[] password) {
        if (passwordHash.isEmpty()) {
            return false;
        }
        boolean userMatches =
                MessageDigest.isEqual(userHash, sha256(userName == null ? new char[0] : userName.toCharArray()));
        boolean passwordMatches =
                MessageDigest.isEqual(passwordHash.get(), sha256(password == null ? new char[0] : password));
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

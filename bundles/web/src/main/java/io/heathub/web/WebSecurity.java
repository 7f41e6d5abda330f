package io.heathub.web;

import io.heathub.api.rest.Role;
import io.heathub.auth.AccessAudit;
import io.heathub.auth.Account;
import io.heathub.auth.ApiToken;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Who is asking: HTTP Basic and bearer tokens for API clients, session cookies (with a CSRF
 * token) for the browser, against the users and tokens in {@code etc/} (re-read when they change);
 * failed sign-ins slowed and locked out ({@link LoginGuard}); sign-ins, sign-outs and lockouts in
 * the access audit log. Servlet-free: {@link ApiServlet} and {@link SecurityFilter} hand it what
 * they read from the request. Thread-safe.
 */
@Component(service = WebSecurity.class, configurationPid = "io.heathub.web",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WebConfig.class)
public final class WebSecurity {
    private static final System.Logger LOG = System.getLogger(WebSecurity.class.getName());
    static final String SESSION_COOKIE = "heathub_session";
    static final Duration BASIC_CACHE = Duration.ofMinutes(5);
    private static final int MAX_CACHED = 1000;

    /** What a request brings to prove who it is. */
    record Call(String authorization, String sessionId, String address, boolean secure) {
    }

    /** The outcome of looking at a request's credentials. */
    sealed interface Authentication permits Anonymous, Known, Refused {
    }

    /** No credentials (or a session cookie that ended): only anonymous paths. */
    record Anonymous() implements Authentication {
    }

    /** @param session the browser session, or null for Basic and tokens */
    record Known(Identity identity, Sessions.Session session) implements Authentication {
    }

    /** Credentials refused: 401 wrong, 403 not over this connection, 429 blocked, 503 busy. */
    record Refused(int status, String message, Duration retryAfter) implements Authentication {
    }

    private volatile WebSettings settings;
    private final CredentialStore store;
    private final AccessAudit audit;
    private final Clock clock;
    private final LoginGuard guard = new LoginGuard();
    private final Sessions sessions = new Sessions();
    private final SecureRandom random = new SecureRandom();
    private final byte[] cacheKey = new byte[32];
    /** Verified Basic credentials (HMAC of user, password and hash) → until when: Argon2 is not paid per request. */
    private final Map<String, Instant> verified = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_CACHED;
        }
    };
    /** The credentials the cache was filled against: any change of the users (or tokens) file empties it. */
    private Credentials.Snapshot verifiedAgainst;
    /** At most two Argon2 verifications at once: 19 MiB and a core each. */
    private final Semaphore verifications = new Semaphore(2);
    private volatile String unknownUserHash;

    @Activate
    public WebSecurity(BundleContext context, WebConfig config) {
        this(WebSettings.of(config, context::getProperty), new CredentialStore(Credentials.in(etc(context)),
                Clock.systemUTC()), AccessAudit.in(Path.of(property(context, "heathub.data", "data"))), Clock.systemUTC());
        Credentials.Snapshot now = store.current();
        if (!now.hasAdmin()) {
            LOG.log(Level.WARNING, "no admin user yet in {0}: the hub answers only on localhost until one exists."
                    + " Create one: bin/heathub user add NAME --role admin", store.files().usersFile());
        } else {
            LOG.log(Level.INFO, "{0} users and {1} API tokens from {2}", now.users().size(), now.tokens().size(),
                    store.files().usersFile().getParent());
        }
    }

    WebSecurity(WebSettings settings, CredentialStore store, AccessAudit audit, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        random.nextBytes(cacheKey);
    }

    @Modified
    void modified(BundleContext context, WebConfig config) {
        settings = WebSettings.of(config, context::getProperty);
    }

    private static Path etc(BundleContext context) {
        String etc = context.getProperty("heathub.etc");
        if (etc != null && !etc.isBlank()) {
            return Path.of(etc);
        }
        String home = context.getProperty("heathub.home");
        return home == null ? Path.of("etc") : Path.of(home, "etc");
    }

    private static String property(BundleContext context, String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    WebSettings settings() {
        return settings;
    }

    void settings(WebSettings changed) {
        settings = changed;
    }

    Clock clock() {
        return clock;
    }

    /** Whether an admin exists; until then the hub answers on loopback only. */
    boolean hasAdmin() {
        return store.current().hasAdmin();
    }

    static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // a remote address is always a literal; anything else is not local
        }
    }

    /** The files looked at now rather than within the second (two stat calls): for names not known yet. */
    private Credentials.Snapshot fresh() {
        store.recheck();
        return store.current();
    }

    /** Looks at the {@code Authorization} header, else the session cookie. */
    Authentication authenticate(Call call) {
        boolean credentials = call.authorization() != null || call.sessionId() != null;
        if (credentials && !call.secure() && !settings.plainHttpCredentials() && !loopback(call.address())) {
            return new Refused(403, "credentials over plain HTTP are accepted from this machine only: use HTTPS"
                    + " (HEATHUB_TLS_CERT/HEATHUB_TLS_KEY), or set plainHttpCredentials=any in etc/io.heathub.web.cfg",
                    null);
        }
        String auth = call.authorization();
        if (auth != null) {
            int space = auth.indexOf(' ');
            String scheme = space < 0 ? auth : auth.substring(0, space);
            String value = space < 0 ? "" : auth.substring(space + 1).trim();
            if (scheme.equalsIgnoreCase("Basic")) {
                return basic(value, call.address());
            }
            if (scheme.equalsIgnoreCase("Bearer")) {
                return token(value, call.address());
            }
            return new Refused(401, "unsupported Authorization scheme '" + scheme + "' (Basic or Bearer)", null);
        }
        if (call.sessionId() != null) {
            return session(call.sessionId());
        }
        return new Anonymous();
    }

    private Authentication basic(String encoded, String address) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Refused(401, "malformed Basic credentials (base64 of user:password)", null);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Refused(401, "malformed Basic credentials (base64 of user:password)", null);
        }
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            return password(decoded.substring(0, colon), password, address, "basic");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** {@code POST /api/session}: a new session for the right password. */
    Authentication signIn(String user, char[] password, String address) {
        Authentication result = password(user, password, address, "session");
        if (result instanceof Known known) {
            Account account = store.current().users().get(user);
            Sessions.Session s = sessions.create(known.identity(), account.passwordHash(), clock.instant());
            return new Known(known.identity(), s);
        }
        return result;
    }

    void signOut(Sessions.Session session, String address) {
        sessions.remove(session.id());
        audit(session.identity().caller(), "logout", address, "OK", null, null);
    }

    /** Whether a state-changing request of a session carries its CSRF token. */
    static boolean csrfOk(Sessions.Session session, String header) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private Authentication password(String user, char[] password, String address, String how) {
        Instant now = clock.instant();
        Optional<LoginGuard.Block> block = guard.blocked(user, address, now);
        if (block.isPresent()) {
            return blocked(block.get(), "rest:" + user, address);
        }
        Credentials.Snapshot users = store.current();
        Account account = users.users().get(user);
        if (account == null) {
            users = fresh(); // added a moment ago by bin/heathub user add
            account = users.users().get(user);
        }
        String hash = account != null ? account.passwordHash() : unknownUserHash();
        String cacheEntry = how.equals("basic") ? cacheEntry(user, password, hash) : null;
        boolean cached;
        synchronized (verified) {
            if (users != verifiedAgainst) {
                // a password changed, a user removed or demoted: nothing verified before counts
                verified.clear();
                verifiedAgainst = users;
            }
            Instant until = cacheEntry == null ? null : verified.get(cacheEntry);
            cached = until != null && now.isBefore(until);
        }
        boolean ok;
        if (cached) {
            ok = true;
        } else {
            try {
                if (!verifications.tryAcquire(10, TimeUnit.SECONDS)) {
                    return new Refused(503, "too many sign-ins at once; retry in a moment", Duration.ofSeconds(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Refused(503, "interrupted", null);
            }
            try {
                ok = PasswordHash.verify(password, hash);
            } finally {
                verifications.release();
            }
        }
        if (!ok || account == null) {
            Optional<LoginGuard.Block> nowBlocked = guard.failed(user, address, now);
            audit("rest:" + user, "login", address, "REFUSED", null, "wrong user name or password (" + how + ")");
            LOG.log(Level.INFO, "sign-in of {0} from {1} refused: wrong user name or password", user, address);
            nowBlocked.ifPresent(b -> lockoutLogged(b, "rest:" + user, address));
            return new Refused(401, "wrong user name or password", null);
        }
        guard.succeeded(user, address);
        if (!cached) {
            audit("rest:" + user, "login", address, "OK", null, how);
            if (cacheEntry != null) {
                synchronized (verified) {
                    verified.put(cacheEntry, now.plus(BASIC_CACHE));
                }
            }
        }
        return new Known(new Identity(user, account.role(), false), null);
    }

    private Authentication token(String secret, String address) {
        Instant now = clock.instant();
        Optional<LoginGuard.Block> block = guard.blocked(null, address, now);
        if (block.isPresent()) {
            return blocked(block.get(), "rest:token:?", address);
        }
        String digest = ApiToken.digestOf(secret);
        Optional<ApiToken> token = secret.startsWith(ApiToken.PREFIX) ? store.current().tokenWithDigest(digest)
                : Optional.empty();
        if (token.isEmpty() && secret.startsWith(ApiToken.PREFIX)) {
            token = fresh().tokenWithDigest(digest); // created a moment ago by bin/heathub token create
        }
        if (token.isEmpty()) {
            Optional<LoginGuard.Block> nowBlocked = guard.failed(null, address, now);
            audit("rest:token:?", "login", address, "REFUSED", null, "unknown or revoked token");
            LOG.log(Level.INFO, "token from {0} refused: unknown or revoked", address);
            nowBlocked.ifPresent(b -> lockoutLogged(b, "rest:token:?", address));
            return new Refused(401, "unknown or revoked token", null);
        }
        return new Known(new Identity(token.get().name(), token.get().role(), true), null);
    }

    private Authentication session(String id) {
        WebSettings s = settings;
        Optional<Sessions.Session> session = sessions.find(id, clock.instant(), s.sessionIdle(), s.sessionMax());
        if (session.isEmpty()) {
            return new Anonymous();
        }
        Sessions.Session live = session.get();
        Account account = store.current().users().get(live.identity().name());
        if (account == null || !account.passwordHash().equals(live.passwordHash())) {
            sessions.remove(id); // removed, or its password changed: sign in again
            return new Anonymous();
        }
        Identity now = new Identity(account.name(), account.role(), false); // a changed role applies at once
        return new Known(now, live);
    }

    private Refused blocked(LoginGuard.Block block, String who, String address) {
        long seconds = Math.max(1, (block.remaining().toMillis() + 999) / 1000);
        String message = "too many failed sign-ins for " + block.who() + " (" + block.failures() + "); "
                + (block.lockout() ? "locked out, " : "") + "try again in " + seconds + " s";
        LOG.log(Level.WARNING, "sign-in of {0} from {1} refused: {2}", who, address, message);
        return new Refused(429, message, Duration.ofSeconds(seconds));
    }

    private void lockoutLogged(LoginGuard.Block block, String who, String address) {
        String message = block.who() + " blocked for " + Math.max(1, block.remaining().toSeconds()) + " s after "
                + block.failures() + " failed sign-ins";
        LOG.log(Level.WARNING, "{0} (last: {1} from {2})", message, who, address);
        audit(who, block.lockout() ? "lockout" : "slowdown", address, "REFUSED", block.who(), message);
    }

    /** A valid hash no password matches, so an unknown user costs the same time as a wrong password. */
    private String unknownUserHash() {
        String h = unknownUserHash;
        if (h == null) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            h = PasswordHash.hash(Base64.getEncoder().encodeToString(bytes).toCharArray(), random);
            unknownUserHash = h;
        }
        return h;
    }

    private String cacheEntry(String user, char[] password, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
            mac.update((byte) 0);
            mac.update(hash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** One line in {@code audit/access.jsonl}. */
    void audit(String requestedBy, String event, String address, String status, String subject, String message) {
        audit.record(new AccessAudit.Event(clock.instant(), requestedBy, event, address, status, subject, message));
    }

    /** The users and tokens, for the admin resources that change them. */
    CredentialStore credentials() {
        return store;
    }

    Path auditFile() {
        return audit.file();
    }

    /** Whether {@code identity} holds {@code needed}. */
    static boolean covers(Identity identity, Role needed) {
        return (identity == null ? Role.ANYONE : identity.role()).covers(needed);
    }
}

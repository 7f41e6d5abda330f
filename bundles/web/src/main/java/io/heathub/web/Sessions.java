package io.heathub.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions, in memory (a restart signs everyone out): a random 256-bit id in the cookie,
 * a random CSRF token the page sends back as {@code X-CSRF-Token}, an idle and an absolute
 * timeout. Bounded ({@value #MAX_SESSIONS}; the least recently used goes). Thread-safe.
 */
final class Sessions {
    static final int MAX_SESSIONS = 1000;

    /**
     * @param passwordHash the user's hash at sign-in: a changed password or removed user ends the session
     */
    record Session(String id, Identity identity, String csrfToken, String passwordHash, Instant created,
                   Instant lastUsed) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    synchronized Session create(Identity identity, String passwordHash, Instant now) {
        Session s = new Session(randomId(), identity, randomId(), passwordHash, now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id (its last use moved to {@code now}), else empty (an expired one is dropped). */
    synchronized Optional<Session> find(String id, Instant now, Duration idle, Duration max) {
        Session s = id == null ? null : byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (now.isAfter(s.lastUsed().plus(idle)) || now.isAfter(s.created().plus(max))) {
            byId.remove(id);
            return Optional.empty();
        }
        Session used = new Session(s.id(), s.identity(), s.csrfToken(), s.passwordHash(), s.created(), now);
        byId.put(id, used);
        return Optional.of(used);
    }

    synchronized void remove(String id) {
        byId.remove(id);
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

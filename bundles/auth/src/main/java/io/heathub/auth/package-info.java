/**
 * Who may use the hub: users ({@code etc/users}, Argon2id password hashes) and API tokens
 * ({@code etc/tokens}, SHA-256 digests), each with a {@link io.heathub.api.rest.Role}; the files
 * are written atomically with mode 0600 and re-read when they change, so {@code bin/heathub user}
 * and {@code token} work while the hub runs. Also the access audit log
 * ({@code audit/access.jsonl}: sign-ins, user and token changes, state-changing requests).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.auth;

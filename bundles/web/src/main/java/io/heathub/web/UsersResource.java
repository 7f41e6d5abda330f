package io.heathub.web;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.auth.Account;
import io.heathub.auth.Credentials;
import io.heathub.auth.Names;
import io.heathub.auth.PasswordHash;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The users of {@code etc/users} for admins, as {@code bin/heathub user} manages them (the same
 * file, lock, atomic replace and rules, so both may run at once):
 * <ul>
 * <li>{@code GET /api/users}: {@code [{"name","role"}]}, never a hash;</li>
 * <li>{@code POST /api/users} {@code {"name","role","password"}}: 201, 409 when the name exists;</li>
 * <li>{@code POST /api/users/{name}} {@code {"role"?, "password"?}}: a new role (at once) or
 * password (the user's sessions end);</li>
 * <li>{@code POST /api/users/{name}/remove}: 409 for the last admin.</li>
 * </ul>
 * Each change is audited as {@code user.add|passwd|role|remove} with the acting admin's name.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=/users", RestResource.PATH + "=/users/*",
        RestResource.USAGE + "=/api/users, POST /api/users {name,role,password}, POST /api/users/{name} {role|password},"
                + " POST /api/users/{name}/remove (admin)"})
public final class UsersResource extends AdminResource {
    static final String USAGE = "GET /api/users, POST /api/users {name,role,password},"
            + " POST /api/users/{name} {role and/or password}, POST /api/users/{name}/remove";

    /** A user as listed: never the hash. */
    public record User(String name, String role) {
        static User of(Account a) {
            return new User(a.name(), Names.of(a.role()));
        }
    }

    private final SecureRandom random = new SecureRandom();

    @Activate
    public UsersResource(@Reference WebSecurity security) {
        super(security);
    }

    @Override
    String usage() {
        return USAGE;
    }

    @Override
    RestResponse change(RestRequest request, String sub) {
        String name = sub.endsWith("/remove") ? nameBefore(sub, "remove") : null;
        if (name != null) {
            return remove(request, name);
        }
        name = nameBefore(sub, null);
        return name == null ? null : changeOne(request, name);
    }

    @Override
    RestResponse list() {
        store.recheck();
        return RestResponse.ok(store.current().users().values().stream().map(User::of).toList());
    }

    @Override
    RestResponse add(RestRequest request) {
        return write(files -> {
            Map<String, String> f = fields(request, Set.of("name", "role", "password"));
            String name = Names.check(required(f, "name"));
            Role role = Names.role(required(f, "role"));
            String hash = hash(required(f, "password"));
            files.updateUsers(users -> {
                if (users.containsKey(name)) {
                    throw new Refusal(409, "user '" + name + "' exists (change it with POST /api/users/"
                            + name + ")");
                }
                users.put(name, new Account(name, role, hash));
            });
            audited(request, "user.add", name, "role " + Names.of(role));
            return RestResponse.json(201, new User(name, Names.of(role)));
        });
    }

    private RestResponse changeOne(RestRequest request, String name) {
        return write(files -> {
            Map<String, String> f = fields(request, Set.of("role", "password"));
            if (f.isEmpty()) {
                throw new Refusal(400, "give a new role, a new password, or both");
            }
            Role role = f.containsKey("role") ? Names.role(f.get("role")) : null;
            String hash = f.containsKey("password") ? hash(f.get("password")) : null;
            Account[] changed = new Account[1];
            files.updateUsers(users -> {
                Account old = users.get(name);
                if (old == null) {
                    throw new Refusal(404, "no user '" + name + "'");
                }
                changed[0] = new Account(name, role == null ? old.role() : role, hash == null ? old.passwordHash() : hash);
                users.put(name, changed[0]);
                Credentials.keepAnAdmin(users, old);
            });
            if (role != null) {
                audited(request, "user.role", name, "role " + Names.of(role));
            }
            if (hash != null) {
                audited(request, "user.passwd", name, null);
            }
            return RestResponse.ok(User.of(changed[0]));
        });
    }

    private RestResponse remove(RestRequest request, String name) {
        return write(files -> {
            fields(request, Set.of());
            files.updateUsers(users -> {
                Account gone = users.remove(name);
                if (gone == null) {
                    throw new Refusal(404, "no user '" + name + "'");
                }
                Credentials.keepAnAdmin(users, gone);
            });
            audited(request, "user.remove", name, null);
            return RestResponse.ok(Map.of("removed", name));
        });
    }

    private String hash(String password) {
        char[] chars = password.toCharArray();
        try {
            PasswordHash.checkNewPassword(chars);
            return PasswordHash.hash(chars, random);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}

package io.heathub.driver.modbus;

import io.heathub.config.ConfigException;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.driver.modbus.profile.ProfileTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed profiles by file, re-read when the file's last-modified time changes: an unchanged
 * profile is parsed once for the hundreds of panels that share it, a new or edited one is picked
 * up by the next {@code open} and by running sessions ({@link #refresh}) without a restart. A
 * broken edit never replaces a good profile in a running session.
 */
final class ProfileCache {
    private static final System.Logger LOG = System.getLogger(ProfileCache.class.getName());

    /** The last good parse, and the last version that failed (so it is reported once, not per poll). */
    private record Entry(FileTime modified, ProfileTemplate profile, FileTime failed) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The profile in {@code file}.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws ConfigException     when it does not parse or check
     */
    ProfileTemplate load(Path file) throws IOException, ConfigException {
        Path key = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) {
            throw new NoSuchFileException(file.toString());
        }
        FileTime modified = Files.getLastModifiedTime(key);
        Entry cached = entries.get(key);
        if (cached != null && modified.equals(cached.modified())) {
            return cached.profile();
        }
        ProfileTemplate profile = ProfileParser.template(file);
        entries.put(key, new Entry(modified, profile, null));
        return profile;
    }

    /**
     * The newest good version of {@code current}'s file: {@code current} itself while the file is
     * unchanged, missing or broken (the problem is logged once per file version).
     */
    ProfileTemplate refresh(Path file, ProfileTemplate current) {
        Path key = file.toAbsolutePath().normalize();
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(key);
        } catch (IOException gone) {
            return current; // deleted or unreadable: keep running with what we have
        }
        Entry cached = entries.get(key);
        if (cached != null && modified.equals(cached.modified())) {
            return cached.profile();
        }
        if (cached != null && modified.equals(cached.failed())) {
            return current;
        }
        try {
            ProfileTemplate profile = ProfileParser.template(file);
            entries.put(key, new Entry(modified, profile, null));
            LOG.log(System.Logger.Level.INFO, "profile {0} changed; using the new version", file);
            return profile;
        } catch (ConfigException e) {
            ProfileTemplate keep = cached != null ? cached.profile() : current;
            entries.put(key, new Entry(cached != null ? cached.modified() : null, keep, modified));
            LOG.log(System.Logger.Level.ERROR, "profile {0} changed but is invalid, keeping the previous version: {1}",
                    file, e.getMessage());
            return current;
        }
    }
}

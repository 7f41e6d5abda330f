package io.heathub.driver.modbus;

import io.heathub.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed profiles by file, re-read when the file's last-modified time changes, so an edited
 * profile is picked up by the next {@code open} and an unchanged one is parsed once for the
 * hundreds of panels that share it.
 */
final class ProfileCache {
    private record Entry(FileTime modified, Profile profile) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The profile in {@code file}.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws ConfigException     when it does not parse or check
     */
    Profile load(Path file) throws IOException, ConfigException {
        Path key = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) {
            throw new NoSuchFileException(file.toString());
        }
        FileTime modified = Files.getLastModifiedTime(key);
        Entry cached = entries.get(key);
        if (cached != null && cached.modified().equals(modified)) {
            return cached.profile();
        }
        Profile profile = ProfileParser.parse(file);
        entries.put(key, new Entry(modified, profile));
        return profile;
    }
}

package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalComponentTest {

    @Test
    void defaultDirectoryIsUnderTheDataFolder() {
        assertThat(JournalComponent.directory("", "/var/lib/heathub")).isEqualTo(Path.of("/var/lib/heathub/journal"));
        assertThat(JournalComponent.directory(null, null)).isEqualTo(Path.of("data/journal"));
    }

    @Test
    void configuredDirectoryMayUseTheDataPlaceholder() {
        assertThat(JournalComponent.directory("${heathub.data}/j2", "/srv")).isEqualTo(Path.of("/srv/j2"));
        assertThat(JournalComponent.directory("/mnt/ssd/journal", "/srv")).isEqualTo(Path.of("/mnt/ssd/journal"));
    }
}

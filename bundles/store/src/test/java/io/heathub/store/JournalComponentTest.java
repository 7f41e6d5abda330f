package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void optionsComeFromConfigurationWithTheHeathubDurationSyntax() {
        MvJournal.Options o = JournalComponent.options(5_000, 1_000_000, "12h", true, "each", 0);
        assertThat(o.maxEntries()).isEqualTo(5_000);
        assertThat(o.maxBytes()).isEqualTo(1_000_000);
        assertThat(o.maxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(o.sync()).isTrue();
        assertThat(o.syncMode()).isEqualTo(MvJournal.SyncMode.EACH);
        assertThat(JournalComponent.options(1, 4096, "PT10M", false, " GROUP ", 5).syncMode()).isEqualTo(MvJournal.SyncMode.GROUP);
        assertThat(JournalComponent.options(1, 4096, "PT10M", false, "group", 5).maxSyncDelayMillis()).isEqualTo(5);
    }

    @Test
    void invalidValuesFallBackToTheirDefaultsInsteadOfStoppingTheJournal() {
        MvJournal.Options o = JournalComponent.options(0, 10, "forever", true, "sometimes", -1);
        assertThat(o.maxEntries()).isEqualTo(MvJournal.Options.DEFAULT_MAX_ENTRIES);
        assertThat(o.maxBytes()).isEqualTo(MvJournal.Options.DEFAULT_MAX_BYTES);
        assertThat(o.maxAge()).isEqualTo(Duration.ofDays(400));
        assertThat(o.syncMode()).isEqualTo(MvJournal.SyncMode.GROUP);
        assertThat(o.maxSyncDelayMillis()).isZero();
        assertThat(JournalComponent.options(1, 4096, "0s", true, "group", 0).maxAge()).isEqualTo(Duration.ofDays(400));
    }
}

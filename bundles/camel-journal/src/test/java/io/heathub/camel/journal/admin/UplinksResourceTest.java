package io.heathub.camel.journal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.store.MvJournal;
import io.heathub.testkit.SettableClock;
import io.heathub.testkit.UnsendableReadings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators' view of cursors and dead letters, on a real MVStore journal. */
class UplinksResourceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private MvJournal journal;
    private UplinksResource resource;

    @BeforeEach
    void open() throws Exception {
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000, false)
                .withDeadLetters(100, Duration.ofHours(1)), clock);
        resource = new UplinksResource(journal);
        journal.append(List.of(UnsendableReadings.hugeValue("heat-101", T0), UnsendableReadings.farFuture("heat-102")));
        for (JournalEntry e : journal.read("http", 10)) {
            journal.setAside("http", e, "cannot be written for this uplink: test " + e.position());
        }
        journal.commit("http", 2);
        journal.read("retired", 1);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static RestRequest request(String method, String subPath, Map<String, List<String>> query) {
        return new RestRequest(method, "/uplinks" + subPath, subPath, query, null, null, "rest:test");
    }

    private static String text(RestResponse response) {
        assertThat(response).isInstanceOf(RestResponse.Value.class);
        return ((JsonText) ((RestResponse.Value) response).value()).json();
    }

    @Test
    void listsCursorsAndDeadLettersEvenThoseJsonCannotCarryAsNumbers() {
        String overview = text(resource.handle(request("GET", "", Map.of())));
        assertThat(overview).contains("\"http\":{\"backlog\":0,\"deadLetters\":2,\"stale\":false}")
                .contains("\"retired\":{\"backlog\":2,\"deadLetters\":0,\"stale\":false}").contains("\"deadLettered\":2");

        String letters = text(resource.handle(request("GET", "/http/dead-letters", Map.of())));
        assertThat(letters).contains("\"position\":1", "\"value\":\"1E+10000\"", "\"position\":2",
                "\"time\":\"+300000000-01-01T00:00:00Z\"", "\"reason\":\"cannot be written for this uplink: test 1\"");
        String page = text(resource.handle(request("GET", "/http/dead-letters", Map.of("limit", List.of("1")))));
        assertThat(page).contains("\"position\":1").doesNotContain("\"position\":2")
                .contains("\"next\":\"/api/uplinks/http/dead-letters?after=1&limit=1\"");
        assertThat(resource.handle(request("GET", "/http/dead-letters", Map.of("limit", List.of("9999")))).status())
                .isEqualTo(400);
    }

    @Test
    void changesNeedTheAdminRoleAndReSendRemoveAndForgetWork() throws Exception {
        assertThat(resource.role(request("GET", "/http/dead-letters", Map.of()))).isEqualTo(Role.VIEWER);
        assertThat(resource.role(request("POST", "/http/dead-letters/1/resend", Map.of()))).isEqualTo(Role.ADMIN);
        assertThat(resource.role(request("POST", "/retired/remove", Map.of()))).isEqualTo(Role.ADMIN);

        assertThat(resource.handle(request("POST", "/http/dead-letters/1/resend", Map.of())).status()).isEqualTo(202);
        assertThat(journal.resendRequested("http", 10)).extracting(DeadLetter::position).containsExactly(1L);
        assertThat(resource.handle(request("POST", "/http/dead-letters/7/resend", Map.of())).status()).isEqualTo(404);
        assertThat(resource.handle(request("POST", "/http/dead-letters/2/remove", Map.of())).status()).isEqualTo(200);
        assertThat(journal.deadLetters("http", 0, 10)).extracting(DeadLetter::position).containsExactly(1L);

        // a cursor used a moment ago is refused unless forced; a stale one goes
        assertThat(resource.handle(request("POST", "/retired/remove", Map.of())).status()).isEqualTo(409);
        clock.advance(Duration.ofHours(2));
        journal.read("http", 1);
        assertThat(resource.handle(request("POST", "/retired/remove", Map.of())).status()).isEqualTo(200);
        assertThat(journal.cursors()).containsOnlyKeys("http");
        assertThat(resource.handle(request("POST", "/http/remove", Map.of("force", List.of("true")))).status())
                .isEqualTo(200);
        assertThat(journal.cursors()).isEmpty();
        assertThat(journal.deadLetters("http", 0, 10)).isEmpty();
        assertThat(resource.handle(request("POST", "/a b/remove", Map.of())).status()).isEqualTo(400);
    }
}

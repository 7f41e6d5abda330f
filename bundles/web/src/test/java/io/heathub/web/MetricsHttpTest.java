package io.heathub.web;

import static io.heathub.web.SecuredServer.as;
import static io.heathub.web.SecuredServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.journal.JournalHealth;
import io.heathub.api.metrics.MetricFamily;
import io.heathub.api.rest.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} scraped over real HTTP through the real filter and servlet, parsed as Prometheus would. */
class MetricsHttpTest {
    static final JournalHealth HEALTH = new JournalHealth(7, 5, 4096, Map.of("mqtt", 3L, "http", 0L),
            List.of("uplink http: backend refuses the credentials"), 1, 0, 2, true, Map.of("http", 2L), 4,
            Set.of("http"));
    @TempDir
    Path dir;
    private SecuredServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        server.metrics.hubStatus = FakeHub.healthy();
        server.metrics.journal = new FixedJournal(7, Optional.of(HEALTH));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void anonymousAndWrongCredentialsAreRefused() throws Exception {
        HttpResponse<byte[]> anonymous = server.send("GET", "/metrics", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(text(anonymous)).doesNotContain("heathub_");
        assertThat(server.send("GET", "/metrics", "Bearer not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/metrics", SecuredServer.basic("viewer", "wrong"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerTokenScrapesEveryFamilyWithItsValues() throws Exception {
        String token = server.token("prometheus", Role.VIEWER);
        HttpResponse<byte[]> r = server.send("GET", "/metrics", "Bearer " + token, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v.replace(" ", "")).startsWith("text/plain;version=0.0.4"));
        Exposition e = Exposition.parse(text(r));

        assertThat(e.value("heathub_core_up")).isEqualTo(1);
        assertThat(e.value("heathub_bus_requests_total{bus=\"meters\"}")).isEqualTo(120);
        assertThat(e.value("heathub_bus_timeouts_total{bus=\"meters\"}")).isEqualTo(3);
        assertThat(e.value("heathub_bus_checksum_errors_total{bus=\"meters\"}")).isEqualTo(1);
        assertThat(e.value("heathub_bus_other_errors_total{bus=\"meters\"}")).isEqualTo(2);
        assertThat(e.value("heathub_bus_utilisation_percent{bus=\"meters\"}")).isEqualTo(37.25);
        assertThat(e.value("heathub_device_polls_total{device=\"plc-1\",driver=\"modbus\",bus=\"plc\"}")).isEqualTo(12);
        assertThat(e.value("heathub_device_poll_failures_total{device=\"panel-1\",driver=\"modbus\",bus=\"panels\"}"))
                .isEqualTo(3);
        assertThat(e.value("heathub_device_state{device=\"panel-1\",state=\"FAILING\"}")).isEqualTo(1);
        assertThat(e.value("heathub_device_state{device=\"panel-1\",state=\"RUNNING\"}")).isEqualTo(0);
        assertThat(e.value("heathub_device_last_poll_age_seconds{device=\"plc-1\"}")).isPositive();
        assertThat(e.samples).doesNotContainKey("heathub_device_last_poll_age_seconds{device=\"panel-1\"}");
        assertThat(e.value("heathub_journal_up")).isEqualTo(1);
        assertThat(e.value("heathub_journal_head")).isEqualTo(7);
        assertThat(e.value("heathub_journal_alarms")).isEqualTo(1);
        assertThat(e.value("heathub_journal_write_failures_total")).isEqualTo(2);
        assertThat(e.value("heathub_journal_dead_lettered_total")).isEqualTo(4);
        assertThat(e.value("heathub_uplink_backlog{uplink=\"mqtt\"}")).isEqualTo(3);
        assertThat(e.value("heathub_uplink_dead_letters{uplink=\"http\"}")).isEqualTo(2);
        assertThat(e.value("heathub_uplink_dead_letters{uplink=\"mqtt\"}")).isEqualTo(0);
        assertThat(e.value("heathub_uplink_stale{uplink=\"http\"}")).isEqualTo(1);
        assertThat(e.value("heathub_jvm_threads")).isPositive();
        assertThat(e.value("heathub_jvm_heap_used_bytes")).isPositive();
        assertThat(e.value("heathub_jvm_uptime_seconds")).isPositive();
        assertThat(e.types).containsEntry("heathub_bus_requests_total", "counter")
                .containsEntry("heathub_uplink_backlog", "gauge");
    }

    @Test
    void basicCredentialsOfAnyRoleScrape() throws Exception {
        for (Role role : SecuredServer.ROLES) {
            assertThat(server.send("GET", "/metrics", as(role), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutCoreAndJournalTheUpGaugesSaySo() throws Exception {
        server.metrics.hubStatus = null;
        server.metrics.journal = null;
        Exposition e = Exposition.parse(text(server.send("GET", "/metrics", as(Role.VIEWER), null)));
        assertThat(e.value("heathub_core_up")).isEqualTo(0);
        assertThat(e.value("heathub_journal_up")).isEqualTo(0);
        assertThat(e.types).doesNotContainKeys("heathub_bus_requests_total", "heathub_journal_head");
        assertThat(e.types).containsKey("heathub_jvm_threads");
    }

    @Test
    void labelValuesAreEscaped() throws Exception {
        String odd = "a\"b\\c\nd";
        server.metrics.hubStatus = new FakeHub(List.of(new DeviceStatus(odd, "modbus", "x", DeviceStatus.State.RUNNING,
                "", Optional.empty(), 1, 0)), List.of(), List.of());
        Exposition e = Exposition.parse(text(server.send("GET", "/metrics", as(Role.VIEWER), null)));
        assertThat(e.labels.get("heathub_device_polls_total")).contains(Map.of("device", odd, "driver", "modbus", "bus", "x"));
    }

    @Test
    void bundlesAddFamiliesAndOneThatCannotBeServedIsLeftOutVisibly() throws Exception {
        server.metrics.addSource(() -> List.of(
                new MetricFamily("heathub_feature_things_total", MetricFamily.Type.COUNTER, "things done",
                        List.of(new MetricFamily.Sample(Map.of("kind", "a\"b"), 3), MetricFamily.Sample.of(4))),
                new MetricFamily("other_name", MetricFamily.Type.GAUGE, "not ours", List.of(MetricFamily.Sample.of(1))),
                new MetricFamily("heathub_core_up", MetricFamily.Type.GAUGE, "taken", List.of(MetricFamily.Sample.of(7))),
                new MetricFamily("heathub_feature_bad", MetricFamily.Type.GAUGE, "bad label",
                        List.of(new MetricFamily.Sample(Map.of("1x", "v"), 1))),
                new MetricFamily("heathub_feature_idle", MetricFamily.Type.GAUGE, "no samples yet", List.of())));
        server.metrics.addSource(() -> {
            throw new IllegalStateException("broken source");
        });
        String text = text(server.send("GET", "/metrics", as(Role.VIEWER), null));
        Exposition e = Exposition.parse(text);
        assertThat(e.types).containsEntry("heathub_feature_things_total", "counter")
                .containsEntry("heathub_feature_idle", "gauge")
                .doesNotContainKeys("other_name", "heathub_feature_bad");
        assertThat(e.value("heathub_feature_things_total{kind=\"a\\\"b\"}")).isEqualTo(3);
        assertThat(e.value("heathub_feature_things_total")).isEqualTo(4);
        assertThat(e.value("heathub_core_up")).isEqualTo(1);
        assertThat(e.comments).anySatisfy(c -> assertThat(c).startsWith("left out other_name from ")
                        .endsWith(": not a heathub_ metric name"))
                .anySatisfy(c -> assertThat(c).startsWith("left out heathub_core_up").endsWith(": name already served"))
                .anySatisfy(c -> assertThat(c).startsWith("left out heathub_feature_bad").endsWith("not a label name: 1x"))
                .anySatisfy(c -> assertThat(c).contains("failed: java.lang.IllegalStateException: broken source"));
    }

    /** Every expression of the Grafana dashboard names only metrics the endpoint serves. */
    @Test
    void theGrafanaDashboardUsesOnlyServedMetrics() throws Exception {
        Exposition e = Exposition.parse(text(server.send("GET", "/metrics", as(Role.VIEWER), null)));
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("../../docs/grafana-heathub.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(n -> exprs.add(n.asText()));
        dashboard.findValues("query").forEach(n -> exprs.add(n.asText()));
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("heathub_[a-z_]+").matcher(String.join("\n", exprs));
        while (m.find()) {
            used.add(m.group());
        }
        // nothing this bundle does not serve, and every family it serves has a panel; the control
        // bundle's families (a MetricSource) are checked by its ControlMetricsTest, all of them
        // together against the running hub by itests HubBundlesIT
        used.removeIf(name -> name.startsWith("heathub_control_"));
        assertThat(used).isEqualTo(new TreeSet<>(e.types.keySet()));
    }

    /** The text exposition format read strictly: HELP and TYPE before each family's samples, escaped label values. */
    static final class Exposition {
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
        final Map<String, String> types = new LinkedHashMap<>();
        final Map<String, Double> samples = new LinkedHashMap<>();
        final Map<String, List<Map<String, String>>> labels = new HashMap<>();
        final List<String> comments = new ArrayList<>();

        static Exposition parse(String text) {
            Exposition e = new Exposition();
            Set<String> helped = new TreeSet<>();
            String family = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String name = line.substring(7).split(" ", 2)[0];
                    assertThat(helped.add(name)).as("one HELP for " + name).isTrue();
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    assertThat(parts).hasSize(2);
                    assertThat(parts[1]).isIn("counter", "gauge");
                    assertThat(helped).as("HELP before TYPE").contains(parts[0]);
                    assertThat(e.types.put(parts[0], parts[1])).as("one TYPE for " + parts[0]).isNull();
                    family = parts[0];
                    continue;
                }
                if (line.startsWith("# ")) {
                    e.comments.add(line.substring(2));
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: " + line).isTrue();
                assertThat(m.group(1)).as("sample of the family announced last").isEqualTo(family);
                assertThat(m.group(1)).startsWith("heathub_");
                Map<String, String> labels = labels(m.group(2));
                e.labels.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(labels);
                String key = m.group(2) == null ? m.group(1) : m.group(1) + "{" + m.group(2) + "}";
                assertThat(e.samples.put(key, Double.parseDouble(m.group(3)))).as("one sample " + key).isNull();
            }
            return e;
        }

        private static Map<String, String> labels(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            if (text == null) {
                return out;
            }
            int i = 0;
            while (i < text.length()) {
                int eq = text.indexOf("=\"", i);
                String name = text.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; text.charAt(j) != '"'; j++) {
                    char c = text.charAt(j);
                    if (c == '\\') {
                        char next = text.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        assertThat(c).as("raw newline in a label value").isNotEqualTo('\n');
                        value.append(c);
                    }
                }
                out.put(name, value.toString());
                i = j + 1;
                if (i < text.length()) {
                    assertThat(text.charAt(i)).isEqualTo(',');
                    i++;
                }
            }
            return out;
        }

        double value(String series) {
            assertThat(samples).as("served: " + series).containsKey(series);
            return samples.get(series);
        }
    }
}

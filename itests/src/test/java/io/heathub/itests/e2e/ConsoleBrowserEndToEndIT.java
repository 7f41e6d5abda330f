package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console of the assembled demo in headless Chromium (apt {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/test}): sign in, every demo device listed, a
 * device page with its charts drawn from the journal's history, a setpoint outside the site's bounds
 * refused and one inside done, a meter-health alarm acknowledged by the signed-in user, the switch to
 * Chinese; the control page's chart of the supply setpoint and temperatures; an admin adding a
 * viewer, who then signs in and finds no admin page, and an API token created and revoked — and
 * {@code GET /api/readings} (the history the charts read) over plain HTTP.
 */
class ConsoleBrowserEndToEndIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String STUCK_ALARM = "stuckCounter:heat-203";
    /** The devices of the shipped demo site (config/site.yaml: plant, 24 panels, meters, M-Bus, drives, boiler). */
    private static final int DEMO_DEVICES = 40;
    /** The viewer the admin adds in the browser. */
    private static final String VIEWER = "li.wei";
    private static final String VIEWER_PASSWORD = "li-wei-viewer-password";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anOperatorRunsTheDemoFromTheBrowserInEnglishAndChinese(@TempDir Path work) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("headless Chromium: apt-get install chromium chromium-driver (bash .ci/test installs them)").isTrue();
        try (HubProcess hub = new HubProcess(work)) {
            demoWithAQuicklyStuckMeter(hub);
            hub.start(Map.of());
            Waits.until(Duration.ofSeconds(90), "the hub's devices running\n" + hub.console(), () -> {
                String status = hub.get("/api/status");
                return status != null && status.contains("\"RUNNING\":" + DEMO_DEVICES);
            });
            List<String> demoDevices = new ArrayList<>();
            json.readTree(hub.get("/api/devices")).forEach(d -> demoDevices.add(d.get("id").asText()));
            assertThat(demoDevices).hasSize(DEMO_DEVICES).contains("plc-1", "panel-024", "heat-203", "pump-el");

            historyOverHttp(hub);

            WebDriver browser = chromium();
            Browser b = new Browser(browser, "http://127.0.0.1:" + hub.httpPort());
            try {
                signIn(b);
                overview(b);
                everyDeviceListed(b, demoDevices);
                householdsWithTheirRoomsAndTheSeasonSoFar(b, hub);
                devicePageDrawsItsCharts(b);
                commandsRefusedOutsideTheBoundsAndDoneInside(b);
                controlAndAudit(b);
                usersAndTokens(b, hub);
                aViewerSeesNoAdminPages(b);
                signIn(b);
                onAPhone(b);
                switchToChineseAndAckTheAlarm(b, hub);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- page ---\n" + b.source() + "\n--- browser log ---\n"
                        + b.log(), e);
            } finally {
                browser.quit();
            }
            assertThat(hub.errorLines()).as("ERROR or SEVERE lines of the demo").isEmpty();
        }
    }

    /**
     * The demo with its simulator on free ports and heat-203 stuck (as the shipped demo has it), polled
     * every 5 s and called stuck after 15 s instead of 15 min, checked every 5 s: its alarm is up
     * within a minute of the start.
     */
    private static void demoWithAQuicklyStuckMeter(HubProcess hub) throws Exception {
        hub.simulatorOnFreePorts();
        Path simulator = hub.home().resolve("etc/io.heathub.simulator.cfg");
        hub.write("etc/io.heathub.simulator.cfg", Files.readString(simulator) + "meterFaults=20200000000003:stuck\n");
        hub.write("etc/io.heathub.billing.alarms.cfg", "checkInterval=5s\n");
        String site = Files.readString(hub.home().resolve("config/site.yaml"));
        String stuckMeter = "{ id: heat-203, bus: meters, driver: cjt188, address: \"20200000000003\", pollInterval: 30s";
        assertThat(site).contains(stuckMeter, "stuckAfter: 15m");
        hub.write("config/site.yaml", site.replace(stuckMeter, stuckMeter.replace("pollInterval: 30s", "pollInterval: 5s"))
                .replace("stuckAfter: 15m", "stuckAfter: 15s"));
    }

    /** The history endpoint the charts read: 401 anonymous, data for a viewer's question, 400 for bad ones. */
    private void historyOverHttp(HubProcess hub) throws Exception {
        String query = "/api/readings?device=plc-1&point=temp.supply&from="
                + URLEncoder.encode(Instant.now().minus(Duration.ofHours(24)).toString(), StandardCharsets.UTF_8);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.httpPort() + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(hub.run("viewer-password\n", "user", "add", "watcher", "--role", "viewer").exit()).isZero();
        HttpResponse<String> viewer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.httpPort() + query))
                .header("Authorization", HubProcess.basic("watcher", "viewer-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
        assertThat(json.readTree(viewer.body()).get("complete").asBoolean()).isTrue();
        JsonNode series = json.readTree(viewer.body()).get("series").get(0);
        assertThat(series.get("point").asText()).isEqualTo("temp.supply");
        assertThat(series.get("unit").asText()).isEqualTo("°C");
        assertThat(series.get("times").size()).isPositive().isEqualTo(series.get("values").size());
        long last = series.get("times").get(series.get("times").size() - 1).asLong();
        assertThat(Instant.ofEpochMilli(last)).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());

        HttpResponse<String> tooLong = hub.send(query.replace("from=", "to=2026-01-01T00:00:00Z&from="));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        HttpResponse<String> tooMany = hub.send(query + "&max=10001");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("max must be from 1 to 10000");
        HttpResponse<String> noPoint = hub.send("/api/readings?device=plc-1");
        assertThat(noPoint.statusCode()).isEqualTo(400);
        assertThat(noPoint.body()).contains("point is required");
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void signIn(Browser b) {
        b.open("/");
        b.waitFor(By.id("user")).sendKeys(HubProcess.ADMIN);
        b.driver.findElement(By.id("password")).sendKeys(HubProcess.ADMIN_PASSWORD + Keys.ENTER);
        b.until("signed in", d -> d.findElement(By.cssSelector("header .who")).getText().contains("itest (admin)"));
    }

    private static void overview(Browser b) {
        b.until("health shown", d -> !d.findElement(By.id("health")).getText().isBlank());
        assertThat(b.text("site")).contains("demo");
        assertThat(b.text("buses")).contains("plc", "panels", "meters");
        assertThat(b.text("journal")).contains("Newest position");
        assertThat(b.text("device-states")).contains("RUNNING");
    }

    private static void everyDeviceListed(Browser b, List<String> demoDevices) {
        b.driver.findElement(By.linkText("Devices")).click();
        b.until("every device listed", d -> d.findElements(By.cssSelector("tr[data-device]")).size() == demoDevices.size());
        List<String> listed = b.driver.findElements(By.cssSelector("tr[data-device]")).stream()
                .map(r -> r.getAttribute("data-device")).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(demoDevices);
        assertThat(b.text("device-count")).isEqualTo(DEMO_DEVICES + " of " + DEMO_DEVICES + " devices");
        // the filter by bus keeps only the panels
        new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("filter-bus"))).selectByValue("panels");
        b.until("panels only", d -> d.findElements(By.cssSelector("tr[data-device]")).size() == 24);
        assertThat(b.text("device-count")).isEqualTo("24 of " + DEMO_DEVICES + " devices");
    }

    /**
     * Every household of the demo with area, tariff, building and its panel's room temperature now, and
     * the settlement of the season so far ({@code season=current}: from the calendar's 15 Nov to yesterday,
     * or the latest season that ended when yesterday was no season day) beside each.
     */
    private void householdsWithTheirRoomsAndTheSeasonSoFar(Browser b, HubProcess hub) throws Exception {
        b.driver.findElement(By.linkText("Households")).click();
        b.until("24 households", d -> d.findElements(By.cssSelector("tr[data-household]")).size() == 24);
        // the page re-renders its rows every 5 s: each read is one script call, so no row goes stale under it
        List<String> listed = b.strings("return [...document.querySelectorAll('tr[data-household]')].map(r => r.dataset.household)");
        List<String> panels = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            panels.add(String.format("panel-%03d", i));
        }
        assertThat(listed).containsExactlyElementsOf(panels);
        b.until("panel-001's room temperature", d -> !d.findElements(By.cssSelector("tr[data-household='panel-001'] .room-temp")).isEmpty());
        assertThat(b.strings("return [...document.querySelectorAll(\"tr[data-household='panel-001'] .room-temp\")]"
                + ".map(e => e.innerText)")).singleElement().asString().matches("-?\\d+(\\.\\d+)? °C");
        b.until("the settlement beside the households", d -> d.findElement(By.id("households")).getText().contains("Days by room class"));
        List<String> cells = b.strings("return [...document.querySelectorAll(\"tr[data-household='panel-001'] td\")]"
                + ".map(e => e.innerText)");
        assertThat(cells.subList(0, 4)).containsExactly("panel-001", "89.5", "two-part", "A");
        assertThat(cells).hasSize(13);

        // the preview's days, over HTTP: every season day up to yesterday in exactly one class
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        // the demo's calendar is Zibo's 15 Nov – 15 Mar; outside it, the latest season that ended
        LocalDate start = LocalDate.of(yesterday.getMonthValue() >= 11 ? yesterday.getYear() : yesterday.getYear() - 1, 11, 15);
        LocalDate end = yesterday;
        if (yesterday.isBefore(start) || yesterday.isAfter(LocalDate.of(start.getYear() + 1, 3, 15))) {
            start = LocalDate.of(yesterday.getYear() - 1, 11, 15);
            end = LocalDate.of(yesterday.getYear(), 3, 15);
        }
        JsonNode line = null;
        for (JsonNode l : json.readTree(hub.get("/api/settlement?season=current"))) {
            line = l.get("household").asText().equals("panel-001") ? l : line;
        }
        assertThat(line).as("panel-001 in the settlement").isNotNull();
        int days = 0;
        for (JsonNode n : line.get("coldDays")) {
            days += n.asInt();
        }
        assertThat(days).as("season days " + start + "/" + end).isEqualTo((int) ChronoUnit.DAYS.between(start, end) + 1);
        assertThat(cells.get(4)).isNotBlank();
        assertThat(cells.get(5)).isNotBlank().isNotEqualTo("—");
    }

    private static void devicePageDrawsItsCharts(Browser b) {
        b.open("/#/devices/plc-1");
        b.until("the device page", d -> d.findElement(By.id("device-id")).getText().equals("plc-1"));
        b.until("latest readings", d -> d.findElement(By.id("latest")).getText().contains("temp.supply"));
        By chart = By.cssSelector("figure.chart[data-point='temp.supply'][data-points]");
        b.until("the temp.supply chart drawn with data", d -> !d.findElements(chart).isEmpty()
                && Integer.parseInt(d.findElement(chart).getAttribute("data-points")) > 0);
        WebElement figure = b.driver.findElement(chart);
        WebElement canvas = figure.findElement(By.cssSelector(".uplot canvas"));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
        assertThat(canvas.getSize().getHeight()).isGreaterThan(50);
        assertThat(figure.getText()).containsPattern("\\d+ values");
        // a shared link to the same page works too
        b.open("/devices/plc-1");
        b.until("the device page from its path", d -> d.findElement(By.id("device-id")).getText().equals("plc-1"));
    }

    private static void commandsRefusedOutsideTheBoundsAndDoneInside(Browser b) {
        b.open("/#/commands");
        b.until("the site's bounds", d -> d.findElement(By.id("bounds")).getText().contains("setpoint.room"));
        assertThat(b.text("bounds")).contains("16", "24", "setpoint.supply", "12 commands per device per minute");
        assertThat(send(b, "panel-001", "setpoint.room", "30")).isEqualTo("REFUSED");
        assertThat(b.text("command-result")).contains("REFUSED", "outside the site's bounds 16..24");
        assertThat(send(b, "panel-001", "setpoint.room", "21")).isEqualTo("DONE");
        assertThat(b.text("command-result")).startsWith("DONE");
    }

    /** The control loop's last cycle with its reasons, and the admin's audit with the command just sent. */
    private static void controlAndAudit(Browser b) {
        b.open("/#/control");
        b.until(Duration.ofSeconds(70), "the control loop's reason chain",
                d -> !d.findElements(By.cssSelector("#reason-chain li")).isEmpty());
        assertThat(b.text("control-supply")).contains("Heating curve", "°C");
        assertThat(b.text("reason-chain")).contains("curve");
        // the loop's setpoint (written to plc-1, read back by polling) and the temperatures over the last 24 h
        By chart = By.cssSelector("#control-chart[data-points]");
        b.until("the control chart drawn with data", d -> !d.findElements(chart).isEmpty()
                && Integer.parseInt(d.findElement(chart).getAttribute("data-points")) > 0);
        WebElement figure = b.driver.findElement(chart);
        assertThat(figure.getAttribute("data-sources")).isEqualTo("plc-1 setpoint.supply|plc-1 temp.supply|plc-1 temp.outdoor");
        assertThat(figure.getAttribute("data-series")).isEqualTo("3");
        assertThat(figure.getText()).contains("Supply setpoint (plc-1 setpoint.supply)", "Outdoor (plc-1 temp.outdoor)")
                .containsPattern("\\d+ values");
        WebElement canvas = figure.findElement(By.cssSelector(".uplot canvas"));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
        b.driver.findElement(By.linkText("Audit")).click();
        b.until("the console's command in the audit", d -> d.findElement(By.id("audit")).getText().contains("rest:itest"));
        assertThat(b.text("audit")).contains("panel-001 setpoint.room = 21", "DONE", "login");
    }

    /**
     * The admin adds a viewer on the users page (written to etc/users: the CLI lists it), creates an API token,
     * sees it once, uses it, revokes it (refused at once), and finds the changes under its name in the audit.
     */
    private static void usersAndTokens(Browser b, HubProcess hub) throws Exception {
        b.driver.findElement(By.linkText("Users")).click();
        b.waitFor(By.id("new-user-name")).sendKeys(VIEWER);
        new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("new-user-role"))).selectByValue("viewer");
        b.driver.findElement(By.id("new-user-password")).sendKeys(VIEWER_PASSWORD);
        b.driver.findElement(By.cssSelector("#add-user button[type=submit]")).click();
        b.until("the new viewer listed", d -> !d.findElements(By.cssSelector("tr[data-user='" + VIEWER + "']")).isEmpty());
        assertThat(b.text("users-message")).isEqualTo("User " + VIEWER + " added (viewer).");
        assertThat(hub.run("", "user", "list").out()).contains(VIEWER + " viewer", HubProcess.ADMIN + " admin");
        // the only admin cannot demote itself: the hub refuses, the page says why and shows the role it kept
        By ownRole = By.cssSelector("tr[data-user='" + HubProcess.ADMIN + "'] select.user-role");
        new org.openqa.selenium.support.ui.Select(b.driver.findElement(ownRole)).selectByValue("operator");
        b.until("the refusal shown", d -> d.findElement(By.id("users-message")).getText().contains("last admin"));
        b.until("the admin role shown again", d -> "admin".equals(d.findElement(ownRole).getAttribute("value")));
        assertThat(hub.run("", "user", "list").out()).contains(HubProcess.ADMIN + " admin");

        b.driver.findElement(By.linkText("API tokens")).click();
        b.waitFor(By.id("new-token-name")).sendKeys("scada");
        b.driver.findElement(By.cssSelector("#create-token button[type=submit]")).click();
        b.until("the new token shown once", d -> !d.findElements(By.id("new-token-secret")).isEmpty());
        String secret = b.text("new-token-secret");
        assertThat(secret).matches("hh_[A-Za-z0-9_-]{43}");
        assertThat(bearerStatus(hub, secret)).isEqualTo(200);
        b.until("the token listed", d -> !d.findElements(By.cssSelector("tr[data-token='scada']")).isEmpty());
        assertThat(b.text("tokens")).contains("scada", "viewer").doesNotContain(secret);
        b.driver.findElement(By.cssSelector("tr[data-token='scada'] button.token-revoke")).click();
        new WebDriverWait(b.driver, Duration.ofSeconds(5))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        b.until("the token gone", d -> d.findElements(By.cssSelector("tr[data-token='scada']")).isEmpty());
        assertThat(b.text("tokens-message")).isEqualTo("Token scada revoked.");
        assertThat(bearerStatus(hub, secret)).isEqualTo(401);
        assertThat(hub.run("", "token", "list").out()).doesNotContain("scada");

        b.driver.findElement(By.linkText("Audit")).click();
        b.until("the token's revocation in the audit", d -> d.findElement(By.id("audit")).getText().contains("token.revoke"));
        new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("audit-user"))).selectByValue(HubProcess.ADMIN);
        b.until("only the admin's lines", d -> b.strings("return [...document.querySelectorAll('#audit tr[data-who]')]"
                + ".map(r => r.dataset.who)").stream().allMatch(HubProcess.ADMIN::equals));
        assertThat(b.text("audit")).contains("user.add " + VIEWER, "token.create scada", "token.revoke scada");
    }

    private static int bearerStatus(HubProcess hub, String token) {
        return hub.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/status"))
                .header("Authorization", "Bearer " + token).build()).statusCode();
    }

    /** The viewer the admin added signs in: no admin page in its menu, and opened anyway, none shows anything. */
    private static void aViewerSeesNoAdminPages(Browser b) {
        b.driver.findElement(By.id("sign-out")).click();
        b.waitFor(By.id("user")).sendKeys(VIEWER);
        b.driver.findElement(By.id("password")).sendKeys(VIEWER_PASSWORD + Keys.ENTER);
        b.until("signed in as the viewer", d -> d.findElement(By.cssSelector("header .who")).getText()
                .contains(VIEWER + " (viewer)"));
        assertThat(b.driver.findElement(By.cssSelector("header nav")).getText()).contains("Overview", "Control")
                .doesNotContain("Users", "API tokens", "Audit");
        for (String page : List.of("users", "tokens", "audit")) {
            b.open("/#/" + page);
            b.until("the " + page + " page refused to the viewer", d -> !d.findElements(By.id("admin-only")).isEmpty());
            assertThat(b.driver.findElements(By.cssSelector("tr[data-user], tr[data-token], tr[data-who]"))).isEmpty();
        }
        Object status = ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch('/api/users', {headers: {'X-Requested-With': 'itest'}}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).as("GET /api/users in the viewer's session").isEqualTo(403);
        b.driver.findElement(By.id("sign-out")).click();
        b.waitFor(By.id("user"));
    }

    /** At a phone's width the page does not scroll sideways (tables do, inside their cards) and the menu is there. */
    private static void onAPhone(Browser b) {
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        b.open("/#/overview");
        b.until("the overview on a phone", d -> !d.findElement(By.id("health")).getText().isBlank());
        b.open("/#/devices");
        b.until("the devices on a phone", d -> d.findElements(By.cssSelector("tr[data-device]")).size() == DEMO_DEVICES);
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).intValue()).as("sideways overflow of the page in px").isLessThanOrEqualTo(0);
        assertThat(b.driver.findElement(By.linkText("Alarms")).isDisplayed()).isTrue();
        b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }

    private static String send(Browser b, String device, String point, String value) {
        for (String[] field : new String[][] {{"command-device", device}, {"command-point", point}, {"command-value", value}}) {
            WebElement input = b.driver.findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        WebElement result = b.driver.findElement(By.id("command-result"));
        String before = result.getText();
        b.driver.findElement(By.cssSelector("#command-form button[type=submit]")).click();
        b.until("the command's outcome", d -> {
            String status = result.getAttribute("data-status");
            return status != null && !status.equals("ACCEPTED") && !result.getText().equals(before);
        });
        return result.getAttribute("data-status");
    }

    private void switchToChineseAndAckTheAlarm(Browser b, HubProcess hub) throws Exception {
        b.driver.findElement(By.id("lang-switch")).click();
        b.until("the console in Chinese", d -> d.findElement(By.cssSelector("header nav")).getText().contains("设备"));
        assertThat(b.driver.findElement(By.cssSelector("header nav")).getText()).contains("概览", "告警", "指令");
        assertThat(b.driver.findElement(By.id("lang-switch")).getText()).isEqualTo("English");

        b.open("/#/alarms");
        By ack = By.cssSelector("button.ack[data-alarm='" + STUCK_ALARM + "']");
        b.until(Duration.ofSeconds(90), "the stuck meter's alarm with its ack button", d -> !d.findElements(ack).isEmpty());
        assertThat(b.driver.findElement(By.cssSelector("tr[data-alarm-row='" + STUCK_ALARM + "']")).getText())
                .contains("heat-203");
        b.driver.findElement(ack).click();
        b.until("acknowledged", d -> d.findElement(By.id("alarm-message")).getText().contains("已确认"));
        b.until("the row shows who acknowledged", d -> d.findElement(
                By.cssSelector("tr[data-alarm-row='" + STUCK_ALARM + "']")).getText().contains("itest"));
        JsonNode alarm = null;
        for (JsonNode a : json.readTree(hub.get("/api/alarms"))) {
            alarm = a.get("id").asText().equals(STUCK_ALARM) ? a : alarm;
        }
        assertThat(alarm).as("the alarm in /api/alarms").isNotNull();
        assertThat(alarm.get("acknowledgedBy").asText()).isEqualTo(HubProcess.ADMIN);
        // still Chinese after a reload: the choice is kept
        b.open("/#/overview");
        b.until("Chinese kept", d -> d.findElement(By.cssSelector("header nav")).getText().contains("概览"));
        b.driver.findElement(By.linkText("住户")).click();
        b.until("the households page in Chinese", d -> d.findElement(By.id("households-heading")).getText().equals("住户与结算预览"));
        b.until("its rows", d -> d.findElements(By.cssSelector("tr[data-household]")).size() == 24);
        assertThat(b.strings("return [...document.querySelectorAll(\"tr[data-household='panel-001']\")].map(e => e.innerText)"))
                .singleElement().asString().contains("两部制");
    }

    /** The browser and the hub's address, with waits that say what they waited for. */
    private record Browser(WebDriver driver, String base) {
        void open(String path) {
            driver.get(base + path);
        }

        WebElement waitFor(By by) {
            until("element " + by, d -> !d.findElements(by).isEmpty());
            return driver.findElement(by);
        }

        void until(String what, Function<WebDriver, Boolean> condition) {
            until(Duration.ofSeconds(20), what, condition);
        }

        void until(Duration timeout, String what, Function<WebDriver, Boolean> condition) {
            new WebDriverWait(driver, timeout).withMessage("waiting for " + what)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition::apply);
        }

        /** What one script returns as a list of strings: read at once, so no element can go stale between reads. */
        @SuppressWarnings("unchecked")
        List<String> strings(String script) {
            return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script);
        }

        String text(String id) {
            return driver.findElement(By.id(id)).getText();
        }

        String source() {
            try {
                return driver.getPageSource();
            } catch (RuntimeException e) {
                return "(no page: " + e + ")";
            }
        }

        String log() {
            try {
                return String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::toString).toList());
            } catch (RuntimeException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}

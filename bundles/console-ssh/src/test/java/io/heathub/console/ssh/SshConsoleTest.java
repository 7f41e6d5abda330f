package io.heathub.console.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.rest.Role;
import io.heathub.auth.AccessAudit;
import io.heathub.auth.Account;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.shell.AlarmCommands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SSHD server with a real Gogo processor holding the shell's real alarm commands, reached
 * with SSHD's client: sign-in against a real users file, exec and interactive sessions, the user's
 * name in what a command audits.
 */
class SshConsoleTest {
    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
    private static final String PASSWORD = "admin-password-1";

    @TempDir
    Path dir;
    private final ThreadIOImpl threadIo = new ThreadIOImpl();
    private final AlarmBook book = new AlarmBook(AlarmConfig.defaults());
    private SshServer server;
    private SshClient client;

    @BeforeEach
    void start() throws Exception {
        String hash = PasswordHash.hash(PASSWORD.toCharArray(), new SecureRandom());
        Credentials.in(dir.resolve("etc")).updateUsers(u -> {
            u.put("alice", new Account("alice", Role.ADMIN, hash));
            u.put("oscar", new Account("oscar", Role.OPERATOR, hash));
            u.put("vera", new Account("vera", Role.VIEWER, hash));
        });
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        AlarmCommands alarms = new AlarmCommands(new io.heathub.billing.fixtures.BookAlarms(book, T0.plusSeconds(60)));
        processor.addCommand("heathub", alarms, "alarms");
        processor.addCommand("heathub", alarms, "ack");
        book.observe(T0, List.of(new Condition("driveTrip", "pump-west", "drive tripped")));
        ConsoleLogin login = new ConsoleLogin(new CredentialStore(Credentials.in(dir.resolve("etc")), Clock.systemUTC()),
                AccessAudit.in(dir.resolve("data")), Clock.systemUTC());
        server = SshConsole.start(config(true, "127.0.0.1", 0), dir.resolve("data"), login, processor,
                AccessAudit.in(dir.resolve("data")));
        client = SshClient.setUpDefaultClient();
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        client.stop();
        server.stop(true);
        threadIo.stop();
    }

    @Test
    void anAdminRunsOneCommandAndTheAckNamesHer() throws Exception {
        try (ClientSession session = signIn("alice", PASSWORD)) {
            assertThat(session.executeRemoteCommand("heathub:alarms")).contains("driveTrip:pump-west", "drive tripped");
            assertThat(session.executeRemoteCommand("ack driveTrip:pump-west"))
                    .startsWith("alarm driveTrip:pump-west acknowledged by shell:alice");
            // a failing command: exit status 1 and the reason on the error stream
            assertThatThrownBy(() -> session.executeRemoteCommand("heathub:nosuch")).hasMessageContaining("nosuch");
        }
        assertThat(book.find("driveTrip:pump-west").orElseThrow().acknowledgedBy()).isEqualTo("shell:alice");
        assertThat(Files.readString(dir.resolve("data/audit/access.jsonl")))
                .contains("\"requestedBy\":\"ssh:alice\",\"event\":\"login\",\"address\":\"127.0.0.1\",\"status\":\"OK\"")
                // every line typed is kept: the console can change anything
                .contains("\"event\":\"console\",\"address\":\"127.0.0.1\",\"status\":\"OK\",\"message\":\"ack driveTrip:pump-west\"")
                .contains("\"status\":\"FAILED\",\"message\":\"heathub:nosuch -> ");
    }

    @Test
    void anInteractiveSessionPromptsRunsEachLineAndEndsWithExit() throws Exception {
        try (ClientSession session = signIn("alice", PASSWORD);
             ChannelShell shell = session.createShellChannel()) {
            shell.setUsePty(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            shell.setOut(out);
            shell.setErr(out);
            shell.setIn(new java.io.ByteArrayInputStream(
                    ("alarms\r\n" + "x".repeat(5000) + "\nack driveTrip:pump-west\nexit\n").getBytes(StandardCharsets.UTF_8)));
            shell.open().verify(Duration.ofSeconds(10));
            shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("heathub console, signed in as alice.")
                    .contains(ConsoleSession.PROMPT + "ALARM ", "line longer than 4096 bytes: ignored",
                            "acknowledged by shell:alice");
            assertThat(shell.getExitStatus()).isZero();
        }
    }

    @Test
    void aTerminalGetsEchoBackspaceCtrlCAndCrLfAndCtrlDEndsIt() throws Exception {
        try (ClientSession session = signIn("alice", PASSWORD);
             ChannelShell shell = session.createShellChannel()) {
            shell.setUsePty(true); // as ssh from a terminal: keys come raw, CR ends a line
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            shell.setOut(out);
            shell.setErr(out);
            // "alarmx", backspace, "s", CR; a line dropped with Ctrl-C; an arrow key ignored; Ctrl-D
            shell.setIn(new java.io.ByteArrayInputStream(
                    "alarmx\u007fs\rack driveTrip:pump-west\u0003\u001b[Aalarms\r\u0004".getBytes(StandardCharsets.UTF_8)));
            shell.open().verify(Duration.ofSeconds(10));
            shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("heathub> alarmx\b \bs\r\nALARM ", "heathub> ack driveTrip:pump-west^C\r\nheathub> alarms\r\n");
            assertThat(text).doesNotContain("acknowledged");
            assertThat(text.replace("\r\n", "")).as("every line ends with CR LF").doesNotContain("\n");
            assertThat(shell.getExitStatus()).isZero();
        }
        assertThat(book.find("driveTrip:pump-west").orElseThrow().acknowledged()).isFalse();
    }

    @Test
    void aWrongPasswordAnUnknownUserAnOperatorAndAViewerAreRefused() throws Exception {
        for (String[] who : List.of(new String[] {"alice", "wrong-password"}, new String[] {"mallory", PASSWORD},
                new String[] {"oscar", PASSWORD}, new String[] {"vera", PASSWORD})) {
            assertThatThrownBy(() -> signIn(who[0], who[1])).as(who[0]).isInstanceOf(IOException.class);
        }
        String audit = Files.readString(dir.resolve("data/audit/access.jsonl"));
        assertThat(audit).contains("\"requestedBy\":\"ssh:alice\"", "wrong user name or password")
                .contains("\"requestedBy\":\"ssh:vera\"", "role viewer: the SSH console is for admins")
                .contains("role operator: the SSH console is for admins").doesNotContain("\"status\":\"OK\"");
    }

    @Test
    void itListensOnlyOnTheConfiguredAddressWithAPrivateHostKey() throws Exception {
        int port = server.getPort();
        InetAddress other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
        if (other != null) {
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(other, port), 2000))
                        .isInstanceOf(ConnectException.class);
            }
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            assertThat(s.isConnected()).isTrue();
        }
        Path key = dir.resolve("data/ssh/host-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
        // a second start keeps the key: clients' known_hosts stay valid
        byte[] first = Files.readAllBytes(key);
        server.stop(true);
        server = SshConsole.start(config(true, "127.0.0.1", 0), dir.resolve("data"),
                new ConsoleLogin(new CredentialStore(Credentials.in(dir.resolve("etc")), Clock.systemUTC()),
                        AccessAudit.in(dir.resolve("data")), Clock.systemUTC()), new CommandProcessorImpl(threadIo),
                AccessAudit.in(dir.resolve("data")));
        assertThat(Files.readAllBytes(key)).isEqualTo(first);
    }

    @Test
    void aBadPortOrHostIsAClearError() {
        assertThatThrownBy(() -> SshConsole.start(config(true, "127.0.0.1", 70000), dir, null, null, null))
                .hasMessageContaining("port: 70000 in etc/io.heathub.console.ssh.cfg");
        assertThatThrownBy(() -> SshConsole.start(config(true, " ", 8101), dir, null, null, null))
                .hasMessageContaining("host: empty");
    }

    private ClientSession signIn(String user, String password) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", server.getPort()).verify(Duration.ofSeconds(10))
                .getSession();
        session.addPasswordIdentity(password);
        try {
            session.auth().verify(Duration.ofSeconds(20));
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        return session;
    }

    static SshConsoleConfig config(boolean enabled, String host, int port) {
        return new SshConsoleConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SshConsoleConfig.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String hostKeyFile() {
                return "ssh/host-key";
            }

            @Override
            public int idleMinutes() {
                return 30;
            }
        };
    }
}

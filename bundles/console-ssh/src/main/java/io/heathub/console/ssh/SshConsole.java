package io.heathub.console.ssh;

import io.heathub.auth.AccessAudit;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.Credentials;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The remote console of a headless hub: an SSH server (Apache SSHD) on {@code host:port}, where the
 * hub's admins sign in with their password ({@link ConsoleLogin}) and get a Gogo session
 * ({@link ConsoleSession}) — the {@code heathub:} commands and {@code heathub status}'s figures
 * without a terminal on the gateway. Needs Gogo's runtime ({@link CommandProcessor}); a changed
 * configuration restarts the server.
 */
@Component(configurationPid = SshConsole.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SshConsoleConfig.class)
public final class SshConsole {
    static final String PID = "io.heathub.console.ssh";
    private static final System.Logger LOG = System.getLogger(SshConsole.class.getName());
    private final SshServer server;
    /** The hub's console log on the process's stderr while sessions run (null when disabled). */
    private final ProcessStderrLog stderrLog;

    @Activate
    public SshConsole(BundleContext context, SshConsoleConfig config, @Reference CommandProcessor processor)
            throws IOException {
        Path data = Path.of(property(context, "heathub.data", "data"));
        Path etc = Path.of(property(context, "heathub.etc", Path.of(property(context, "heathub.home", "."), "etc")
                .toString()));
        AccessAudit audit = AccessAudit.in(data);
        SshServer started = null;
        ProcessStderrLog bound = null;
        if (!config.enabled()) {
            LOG.log(Level.INFO, "SSH console disabled (enabled=false in etc/{0}.cfg)", PID);
        } else {
            bound = ProcessStderrLog.bind();
            try {
                started = start(config, data, new ConsoleLogin(new CredentialStore(Credentials.in(etc), Clock.systemUTC()),
                        audit, Clock.systemUTC()), processor, audit);
            } catch (IOException e) {
                // the console is for people; polling, forwarding and control go on without it
                LOG.log(Level.WARNING, e.getMessage() + "; the hub runs without its SSH console");
            }
        }
        this.server = started;
        this.stderrLog = bound;
    }

    /** Starts the server; {@link #port()} is the port bound. */
    static SshServer start(SshConsoleConfig config, Path data, ConsoleLogin login, CommandProcessor processor,
                           AccessAudit audit) throws IOException {
        if (config.port() < 0 || config.port() > 65535) {
            throw new IllegalArgumentException("port: " + config.port() + " in etc/" + PID + ".cfg (1-65535)");
        }
        if (config.host() == null || config.host().isBlank()) {
            throw new IllegalArgumentException("host: empty in etc/" + PID + ".cfg (127.0.0.1, an address or 0.0.0.0)");
        }
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.host().trim());
        server.setPort(config.port());
        server.setKeyPairProvider(hostKey(data.resolve(config.hostKeyFile())));
        List<UserAuthFactory> passwordOnly = List.of(UserAuthPasswordFactory.INSTANCE);
        server.setUserAuthFactories(passwordOnly);
        server.setPasswordAuthenticator(login);
        server.setShellFactory(channel -> new ConsoleSession(processor, null, audit, Clock.systemUTC()));
        server.setCommandFactory((channel, command) -> new ConsoleSession(processor, command, audit, Clock.systemUTC()));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE); // a console, not a way into the network
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, 3);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, Duration.ofSeconds(60));
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ofMinutes(Math.max(1, config.idleMinutes())));
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(server, 4);
        // sshd-osgi finds its I/O service through the context class loader: give it its own bundle's
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SshServer.class.getClassLoader());
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("SSH console cannot listen on " + config.host() + ":" + config.port() + " ("
                    + e.getMessage() + "): another program on the port? Change port in etc/" + PID + ".cfg", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        LOG.log(Level.INFO, "SSH console listening on {0}:{1} (admins of etc/users)", config.host(),
                String.valueOf(server.getPort()));
        return server;
    }

    /** The host key, generated on first start into a folder only the hub's user can read. */
    private static KeyPairProvider hostKey(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        }
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm("EC");
        try {
            provider.loadKeys(null);
        } catch (RuntimeException e) { // SSHD wraps a file or key error
            throw new IOException("SSH console: cannot read or create its host key " + file + ": " + e.getMessage(), e);
        }
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return provider;
    }

    int port() {
        return server == null ? -1 : server.getPort();
    }

    InetSocketAddress address() {
        return server == null ? null : new InetSocketAddress(server.getHost(), server.getPort());
    }

    @Deactivate
    void stop() throws IOException {
        try {
            if (server != null) {
                server.stop(true);
            }
        } finally {
            if (stderrLog != null) {
                stderrLog.close();
            }
        }
    }

    private static String property(BundleContext context, String name, String otherwise) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}

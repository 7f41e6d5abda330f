package io.heathub.console.ssh;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.heathub.console.ssh} ({@code etc/io.heathub.console.ssh.cfg}; an edit restarts the server). */
@ObjectClassDefinition(name = "heathub SSH console", description = "The remote console: SSH for the hub's admin users")
@interface SshConsoleConfig {
    @AttributeDefinition(description = "Whether the SSH console runs (false: nothing listens)")
    boolean enabled() default true;

    @AttributeDefinition(description = "The address it listens on: 127.0.0.1 (reach it from elsewhere through an"
            + " SSH tunnel), a LAN address, or 0.0.0.0 for every interface")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "The TCP port (1-65535; 0 picks a free one, tests only)")
    int port() default 8101;

    @AttributeDefinition(description = "The server's host key, generated on first start with mode 0600; relative"
            + " to the data folder (heathub.data)")
    String hostKeyFile() default "ssh/host-key";

    @AttributeDefinition(description = "A session without input for this many minutes is closed")
    int idleMinutes() default 30;
}

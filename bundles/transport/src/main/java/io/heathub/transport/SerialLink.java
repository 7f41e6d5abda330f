package io.heathub.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A link over one serial port, opened on first use and reopened after it vanished. */
final class SerialLink extends ReconnectingLink {
    private final SerialSettings settings;

    SerialLink(SerialSettings settings) {
        super(settings.uri(), new Backoff(settings.reconnectDelay(), settings.maxReconnectDelay(), System::nanoTime),
                settings.interByteTimeout());
        this.settings = settings;
    }

    SerialSettings settings() {
        return settings;
    }

    @Override
    protected Connection connect() throws IOException {
        String path = settings.path();
        // jSerialComm would fall back to "/dev/<name>" for a missing path: say plainly it is gone
        if (path.startsWith("/") && !Files.exists(Path.of(path))) {
            throw new IOException(path + " does not exist (adapter unplugged?)");
        }
        try {
            return JSerialCommConnection.open(settings);
        } catch (LinkageError e) {
            // the bundle imports jSerialComm optionally so TCP links work without it
            throw new IOException("serial ports unavailable: jSerialComm (bundle com.fazecast.jSerialComm 2.11.0) "
                    + "is missing or its native library did not load: " + e, e);
        }
    }
}

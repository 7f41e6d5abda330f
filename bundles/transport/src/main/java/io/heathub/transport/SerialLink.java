package io.heathub.transport;

import io.heathub.api.driver.LineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A link over one serial port, opened on first use and reopened after it vanished. */
final class SerialLink extends ReconnectingLink {
    private final SerialSettings settings;
    /** The settings a (re)connection opens with: the URI's until a driver changes them. */
    private volatile SerialSettings current;
    private volatile JSerialCommConnection open;

    SerialLink(SerialSettings settings) {
        super(settings.uri(), new Backoff(settings.reconnectDelay(), settings.maxReconnectDelay(), System::nanoTime),
                settings.interByteTimeout());
        this.settings = settings;
        this.current = settings;
    }

    /** What the open port reports (jSerialComm), else what the next connection opens with. */
    @Override
    public Optional<LineSettings> lineSettings() {
        JSerialCommConnection c = open;
        return (c != null && c.isOpen() ? c.applied() : current).line();
    }

    /** Applies to the open port at once, and to every reconnection until changed again. */
    @Override
    public void changeLineSettings(LineSettings line) throws IOException {
        SerialSettings next = current.withLine(line);
        JSerialCommConnection c = open;
        if (c != null && c.isOpen()) {
            c.apply(next);
        }
        current = next;
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
            JSerialCommConnection c = JSerialCommConnection.open(current);
            open = c;
            return c;
        } catch (LinkageError e) {
            // the bundle imports jSerialComm optionally so TCP links work without it
            throw new IOException("serial ports unavailable: jSerialComm (bundle com.fazecast.jSerialComm 2.11.0) "
                    + "is missing or its native library did not load: " + e, e);
        }
    }
}

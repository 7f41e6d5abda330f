package io.heathub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback TCP ports for peers started by a test; never a hard-coded port. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port that was free on the loopback a moment ago (the kernel's pick). Another process can
     * take it before the peer binds it; the peers here fail loudly with their log if so.
     */
    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Something accepts connections on the loopback port now. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

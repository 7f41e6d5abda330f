package io.heathub.driver.cjt188;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A TCP peer that plays a meter behind a serial-to-TCP converter: reads one request frame at a
 * time and writes whatever the script returns for it (null = stay silent).
 */
final class ScriptedMeter implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<byte[]> script;

    ScriptedMeter(UnaryOperator<byte[]> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "scripted-meter");
        thread.setDaemon(true);
        thread.start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    List<byte[]> requests() {
        return requests;
    }

    void script(UnaryOperator<byte[]> next) {
        this.script = next;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    buffer.write(b);
                    byte[] sofar = buffer.toByteArray();
                    int length = Cjt188Codec.frameLength(sofar, sofar.length);
                    if (length > 0 && sofar.length >= length) {
                        requests.add(sofar);
                        buffer.reset();
                        byte[] reply = script.apply(sofar);
                        if (reply != null) {
                            socket.getOutputStream().write(reply);
                            socket.getOutputStream().flush();
                        }
                    }
                }
            } catch (IOException closed) {
                // server closed or peer gone: accept again or end
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

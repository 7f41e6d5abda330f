package io.heathub.driver.modbus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A minimal Modbus TCP server for the poll benchmark: one selector thread, any number of
 * connections (one per polled device), answers 0x03 with register {@code n} = {@code n}. Kept
 * cheap so that the benchmark measures the masters, not the server.
 */
final class LoopbackModbusServer implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final Selector selector;
    private final Thread thread;

    LoopbackModbusServer() throws IOException {
        selector = Selector.open();
        channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "loopback-modbus");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    private void serve() {
        try {
            while (selector.isOpen()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel client = channel.accept();
                        if (client != null) {
                            client.configureBlocking(false);
                            client.socket().setTcpNoDelay(true);
                            client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(1024));
                        }
                    } else if (key.isReadable()) {
                        answer(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException
                 | java.util.ConcurrentModificationException closed) {
            // close() from the benchmark's thread while a select was being handled
            // benchmark over
        }
    }

    private static void answer(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        ByteBuffer in = (ByteBuffer) key.attachment();
        if (client.read(in) < 0) {
            key.cancel();
            client.close();
            return;
        }
        in.flip();
        while (in.remaining() >= 12) {
            int start = in.position();
            int length = in.getShort(start + 4) & 0xFFFF;
            if (in.remaining() < 6 + length) {
                break;
            }
            int address = in.getShort(start + 8) & 0xFFFF;
            int count = Math.min(125, in.getShort(start + 10) & 0xFFFF);
            ByteBuffer out = ByteBuffer.allocate(9 + 2 * count);
            out.putShort(in.getShort(start)).putShort((short) 0).putShort((short) (3 + 2 * count))
                    .put(in.get(start + 6)).put((byte) 3).put((byte) (2 * count));
            for (int i = 0; i < count; i++) {
                out.putShort((short) (address + i));
            }
            out.flip();
            while (out.hasRemaining()) {
                client.write(out);
            }
            in.position(start + 6 + length);
        }
        in.compact();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}

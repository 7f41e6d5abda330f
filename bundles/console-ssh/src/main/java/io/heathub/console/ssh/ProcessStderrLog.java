package io.heathub.console.ssh;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Keeps the hub's log off the SSH sessions. Gogo replaces {@code System.err} with a stream that
 * writes to the current thread's session, and its session streams are inherited by every thread a
 * command creates (a {@code site reload} starts the bus workers): a {@link ConsoleHandler} made after
 * that (JUL makes it at the first log line) sent those threads' log lines into an admin's session,
 * where they read as the command's errors. The root logger's console handlers are replaced, while
 * the SSH console runs, by one writing to the process's own standard error.
 */
final class ProcessStderrLog implements AutoCloseable {
    private final Logger root;
    private final List<Handler> replaced = new ArrayList<>();
    private final List<Handler> installed = new ArrayList<>();

    private ProcessStderrLog(Logger root) {
        this.root = root;
    }

    /** Binds the root logger's console output to the process's standard error. */
    static ProcessStderrLog bind() {
        return bind(Logger.getLogger(""), new FileOutputStream(FileDescriptor.err));
    }

    /** Binds the console handlers of {@code root} to {@code stderr} (tests pass a buffer). */
    static ProcessStderrLog bind(Logger root, OutputStream stderr) {
        ProcessStderrLog binding = new ProcessStderrLog(root);
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler console) {
                StderrHandler bound = new StderrHandler(console, stderr);
                root.addHandler(bound);
                root.removeHandler(console);
                binding.replaced.add(console);
                binding.installed.add(bound);
            }
        }
        return binding;
    }

    /** Puts the original handlers back. */
    @Override
    public void close() {
        for (Handler handler : installed) {
            root.removeHandler(handler);
            handler.flush();
        }
        replaced.forEach(root::addHandler);
        installed.clear();
        replaced.clear();
    }

    /**
     * What a console handler does (every record flushed, the stream never closed) on a given stream,
     * set up like the handler it replaces. Not a {@link ConsoleHandler} subclass: re-pointing one
     * would close the stream it was made with, {@code System.err}.
     */
    static final class StderrHandler extends StreamHandler {
        StderrHandler(ConsoleHandler like, OutputStream stderr) {
            super(stderr, like.getFormatter());
            setLevel(like.getLevel());
            setFilter(like.getFilter());
            try {
                setEncoding(like.getEncoding());
            } catch (UnsupportedEncodingException e) {
                // the original's encoding came from a working handler: cannot happen; keep the default
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }
}

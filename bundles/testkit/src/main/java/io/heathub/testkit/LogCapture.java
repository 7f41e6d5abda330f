package io.heathub.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what one {@code java.util.logging} logger (and so a {@code System.Logger} of the same
 * name) writes, as lines {@code "WARNING message with {0} filled in"}, until closed.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previous = logger.getLevel();
        logger.addHandler(handler);
        logger.setLevel(level);
    }

    /** Captures the logger named after {@code type} at INFO and above. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()), Level.INFO);
    }

    /** The lines so far; a live view, safe to read while the code logs. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}

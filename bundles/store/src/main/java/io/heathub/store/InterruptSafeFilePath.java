package io.heathub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The journal's files as MVStore sees them ({@code interrupt-safe:} + path): a Java file channel
 * closes itself when a thread using it is interrupted, and MVStore then fails every later call on
 * the store. Uplinks and bus workers are interrupted when they stop, sometimes during a read or a
 * cursor commit, so here the channel is reopened (its lock taken again) and the operation repeated,
 * and the thread's interrupt is set again afterwards so whoever stops it still sees it.
 *
 * <p>Unlike H2's {@code retry:} file system this keeps the interrupt. Registered once with H2's file
 * system registry by {@link #path(java.nio.file.Path)}.
 */
public final class InterruptSafeFilePath extends FilePathWrapper {
    static final String SCHEME = "interrupt-safe";

    /** H2 creates the wrappers of each path through this constructor. */
    public InterruptSafeFilePath() {
    }

    /** The MVStore file name of {@code file}, registering this file system with H2 first. */
    static String path(java.nio.file.Path file) {
        FilePath.register(new InterruptSafeFilePath());
        return SCHEME + ":" + file;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new RetryingChannel(getBase(), mode);
    }

    /** One open file; {@code base.open(mode)} again whenever an interrupt closed the current channel. */
    static final class RetryingChannel extends FileBase {
        private final FilePath base;
        private final String mode;
        private FileChannel channel;
        private HeldLock lock;
        /** Where the relative read and write go. */
        private long relativePosition;

        RetryingChannel(FilePath base, String mode) throws IOException {
            this.base = base;
            this.mode = mode;
            this.channel = base.open(mode);
        }

        @FunctionalInterface
        private interface Operation<T> {
            T on(FileChannel channel) throws IOException;
        }

        /**
         * Runs {@code op} on the current channel; when an interrupt (of this thread or of another one
         * using the same channel) closed it, reopens and runs it again; {@code undo} puts a buffer back
         * where it was before a repeat.
         */
        private <T> T retrying(Operation<T> op, Runnable undo) throws IOException {
            boolean interrupted = false;
            try {
                for (int attempt = 0; ; attempt++) {
                    FileChannel used = current();
                    try {
                        return op.on(used);
                    } catch (ClosedByInterruptException e) {
                        interrupted = true;
                        Thread.interrupted(); // the repeat would fail at once with the flag set
                        reopen(used, e);
                    } catch (ClosedChannelException e) {
                        if (!isOpen() || attempt >= 10) {
                            throw e; // closed by us, or something keeps closing it
                        }
                        reopen(used, e);
                    }
                    if (undo != null) {
                        undo.run();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized FileChannel current() {
            return channel;
        }

        /** Reopens unless another thread already replaced the channel {@code failed}. */
        private synchronized void reopen(FileChannel failed, IOException why) throws IOException {
            if (channel != failed) {
                return;
            }
            if (!isOpen()) {
                throw why;
            }
            FileChannel fresh = base.open(mode);
            channel = fresh;
            if (lock != null) {
                lock.retake(fresh);
            }
        }

        // The relative operations go through the positional ones at a position kept here: a reopened
        // channel would start again at 0.
        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            int read = read(dst, relativePosition);
            if (read > 0) {
                relativePosition += read;
            }
            return read;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int at = dst.position();
            return retrying(c -> c.read(dst, position), () -> dst.position(at));
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            int written = write(src, relativePosition);
            relativePosition += written;
            return written;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int at = src.position();
            return retrying(c -> c.write(src, position), () -> src.position(at));
        }

        @Override
        public synchronized long position() {
            return relativePosition;
        }

        @Override
        public synchronized FileChannel position(long newPosition) {
            if (newPosition < 0) {
                throw new IllegalArgumentException("negative position " + newPosition);
            }
            relativePosition = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            return retrying(FileChannel::size, null);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            retrying(c -> c.truncate(size), null);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            retrying(c -> {
                c.force(metaData);
                return null;
            }, null);
        }

        @Override
        public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
            FileLock taken = channel.tryLock(position, size, shared);
            if (taken == null) {
                return null;
            }
            lock = new HeldLock(this, taken);
            return lock;
        }

        @Override
        protected synchronized void implCloseChannel() throws IOException {
            channel.close();
        }

        /** The lock MVStore holds, taken again on each reopened channel. */
        private static final class HeldLock extends FileLock {
            private volatile FileLock held;

            HeldLock(RetryingChannel owner, FileLock held) {
                super((FileChannel) owner, held.position(), held.size(), held.isShared());
                this.held = held;
            }

            void retake(FileChannel fresh) throws IOException {
                FileLock again = fresh.tryLock(position(), size(), isShared());
                if (again == null) {
                    throw new IOException("the journal file's lock was taken by another process while"
                            + " the file was reopened after an interrupt");
                }
                held = again;
            }

            @Override
            public boolean isValid() {
                return held.isValid();
            }

            @Override
            public void release() throws IOException {
                held.release();
            }
        }
    }
}

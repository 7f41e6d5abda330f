package io.heathub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.DataUtils;

/**
 * Finds how many bytes at the end of an MVStore file follow the last complete chunk. Every chunk
 * MVStore writes ends, on a 4 KiB block boundary, with a 128-byte footer
 * {@code chunk:<id>,len:<blocks>,version:<v>,fletcher:<checksum>}; a torn or overwritten write
 * leaves a tail without one. MVStore itself silently falls back to the newest complete chunk; this
 * only measures what it skipped, so the journal can say so.
 */
final class TornTail {
    static final int BLOCK = 4096;
    private static final int FOOTER = 128;
    /** Header blocks 0 and 1 hold no chunk. */
    private static final long FIRST_CHUNK_END = 3L * BLOCK;
    /** How far back to look for a footer; a torn write is one chunk, not this many. */
    private static final long MAX_SCAN_BYTES = 64L * 1024 * 1024;
    private static final byte[] FLETCHER_KEY = ",fletcher:".getBytes(StandardCharsets.ISO_8859_1);

    /** Nothing after the last footer (or no file). */
    static final long CLEAN = 0;
    /** No footer within the scan window: the size of the damage is unknown. */
    static final long UNKNOWN = -1;

    private TornTail() {
    }

    /**
     * Bytes after the end of the last complete chunk: {@link #CLEAN}, a positive count, or
     * {@link #UNKNOWN}.
     */
    static long bytesAfterLastCompleteChunk(Path file) throws IOException {
        if (!Files.exists(file)) {
            return CLEAN;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < FIRST_CHUNK_END) {
                return CLEAN; // a header at most: MVStore decides whether it is usable
            }
            ByteBuffer footer = ByteBuffer.allocate(FOOTER);
            long lowest = Math.max(FIRST_CHUNK_END, size - MAX_SCAN_BYTES);
            for (long end = size / BLOCK * BLOCK; end >= lowest; end -= BLOCK) {
                footer.clear();
                while (footer.hasRemaining() && channel.read(footer, end - FOOTER + footer.position()) > 0) {
                    // read fully
                }
                if (isChunkFooter(footer.array())) {
                    return size - end;
                }
            }
            return UNKNOWN;
        }
    }

    /** A footer whose Fletcher-32 checksum (over the text before {@code ,fletcher:}) matches. */
    static boolean isChunkFooter(byte[] bytes) {
        if (bytes.length != FOOTER || bytes[0] != 'c' || bytes[FOOTER - 1] != '\n') {
            return false;
        }
        int at = indexOf(bytes, FLETCHER_KEY);
        if (at <= 0) {
            return false;
        }
        int from = at + FLETCHER_KEY.length;
        int to = from;
        while (to < bytes.length && Character.digit(bytes[to], 16) >= 0) {
            to++;
        }
        if (to == from || to - from > 8) {
            return false;
        }
        int stored = Integer.parseUnsignedInt(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), 16);
        return stored == DataUtils.getFletcher32(bytes, 0, at)
                && new String(bytes, 0, at, StandardCharsets.ISO_8859_1).startsWith("chunk:");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (bytes[i + k] != part[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

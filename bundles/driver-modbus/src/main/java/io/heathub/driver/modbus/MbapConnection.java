package io.heathub.driver.modbus;

/**
 * What the Modbus TCP sessions sharing one connection know about its input: whether bytes of an
 * earlier exchange may still be waiting in it. Only then is it purged before a request.
 *
 * <p>A Modbus TCP server sends nothing unasked, and a complete reply to an earlier transaction is
 * recognised by its transaction id and skipped anyway; what a purge is for is the tail of a reply
 * that came too late (after a timeout) or a peer that sent garbage. After a clean exchange there
 * is nothing to purge, and asking the socket (a system call) before every request of every poll
 * would be most of the difference to a raw master. So: purge on the first use and after any
 * exchange that did not end with this session's reply.
 */
final class MbapConnection {
    private boolean purgeNeeded = true;

    /** True when the next exchange must purge first; clears the mark. */
    synchronized boolean takePurge() {
        boolean needed = purgeNeeded;
        purgeNeeded = false;
        return needed;
    }

    /** An exchange ended in a timeout, an I/O error or a reply that was not ours: purge before the next. */
    synchronized void troubled() {
        purgeNeeded = true;
    }
}

package io.heathub.api.hub;

/**
 * Every batch of readings the journal accepted, for whoever wants to follow them (the control
 * loop, the billing export, alarms, a {@code from: heathub:readings} route). Registered by core.
 *
 * <p>Features subscribe when they activate and close the subscription when they deactivate, so
 * every service edge points toward core: core never holds a reference to a feature, and a feature
 * bundle can come and go without core noticing.
 */
public interface ReadingFeed {

    /**
     * Calls {@code listener} with every batch accepted from now on, on the thread that accepted it
     * (a bus worker, a REST request, a route): it must return quickly and hand slow work to its
     * own thread. An exception it throws is logged and does not reach the other subscribers.
     *
     * @return closing it stops the calls; closing twice is harmless
     */
    AutoCloseable subscribe(ReadingListener listener);
}

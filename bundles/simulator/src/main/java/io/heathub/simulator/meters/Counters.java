package io.heathub.simulator.meters;

/** What a simulated meter counts: integrated lazily up to the line clock's now on each read. */
interface Counters {

    /** Integrates up to now and returns the values. */
    FlowCounters.Snapshot read();

    /** Whether the valve is open (a meter without a valve: always). */
    boolean valveOpen();

    /** Opens or closes the valve; false when the meter has none. */
    boolean setValveOpen(boolean open);
}

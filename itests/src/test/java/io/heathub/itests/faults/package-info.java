/**
 * Store and forward under faults, at the hub level: the assembled distribution started as a real
 * process ({@code bin/heathub}, through the e2e {@code HubProcess}) with its simulated substation
 * polled every second (~100 readings/s), a real mosquitto per test ({@link io.heathub.itests.faults.Broker}:
 * persistence on, so a subscriber's persistent session survives broker restarts) and a backend
 * subscriber ({@link io.heathub.itests.faults.KeyedSubscriber}: HiveMQ MQTT 5, persistent session,
 * QoS 1, de-duplication by identity, {@code heathub-keys} checked against every payload).
 *
 * <p>The verdict of every test ({@link io.heathub.itests.faults.Identity}) compares the subscriber
 * with the journal itself, read offline after the hub stopped or was killed with the store's own
 * {@code MvJournal} on a copy of {@code journal.mv.db} ({@link io.heathub.itests.faults.JournalDump}):
 * every entry up to the uplink's committed cursor arrived, equal to what was journaled; nothing
 * arrived that was not journaled; no identity was journaled twice. Raw duplicates are printed.
 *
 * <ul>
 *   <li>{@code BrokerOutageIT} (a): broker stopped for 12 s while the hub polls, restarted.</li>
 *   <li>{@code HubKillNineIT} (b): broker down, backlog, {@code kill -9} of the hub's JVM, broker up,
 *       hub restarted on the same data folder; the journal at the kill survives unchanged and arrives.</li>
 *   <li>{@code BrokerRefusesIT} (c): an ACL denying the readings topics (PUBACK 0x87) and a
 *       {@code max_packet_size} of 180 bytes: the cursor stays at 0, nothing arrives; fixed and restarted,
 *       everything arrives.</li>
 *   <li>{@code DiskQuotaIT} (d): the journal folder on a tmpfs filled up (root only, else skipped):
 *       readings refused and reported (log, {@code /api/health}, {@code /api/devices}), the hub keeps
 *       running, accepts again after {@code mount -o remount,size=64m}.</li>
 *   <li>{@code AcceleratedSoakIT}: the shipped demo for N minutes with its simulator's clock × speed, a
 *       site edit every simulated hour, commands, a broker outage in the middle, the hub's heap after GC,
 *       threads and open files sampled; not in the suite: {@code mvn -pl itests verify -Psoak} (itests
 *       README).</li>
 * </ul>
 *
 * <p>Run (needs the distribution built and {@code /usr/sbin/mosquitto}):
 * {@code cd itests && mvn -B verify -Dit.test='io.heathub.itests.faults.*IT' -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; each test takes 20–30 s. Soak run: add
 * {@code -Dheathub.soak.minutes=N}: every fault phase (outage, backlog before the kill, refusal, full
 * disk) then lasts N minutes and the recovery deadlines grow accordingly.
 */
package io.heathub.itests.faults;

/**
 * Operations records the utility keeps in the hub, durable and bounded ({@link io.heathub.billing.records.RecordLog}:
 * JSON lines, fsynced, the last line of an id wins): residents' {@link io.heathub.billing.records.Complaint}s,
 * heat {@link io.heathub.billing.records.Interruption}s, {@link io.heathub.billing.records.RefundExclusion}s; where
 * they are kept ({@link io.heathub.billing.records.OperationsRecords}) and the {@link io.heathub.billing.records.Complaints}
 * service the features that count complaints bind (registered by heathub-complaints).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.billing.records;

package io.heathub.camel.hub;

import io.heathub.api.Reading;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.JournalEntry;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.store.MvJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The tests' hub door: core's real reading pipeline (validation, listeners) on a real MVStore
 * journal, and a started Camel context with the {@code heathub} component on it.
 */
final class HubDoor implements AutoCloseable {
    final MvJournal journal;
    final ReadingPipeline pipeline;
    final DefaultCamelContext camel;
    final ProducerTemplate producer;

    /**
     * @param sink     wraps the pipeline's door (e.g. to make it refuse); {@code s -> s} for the pipeline itself
     * @param commands where {@code heathub:commands} sends
     */
    HubDoor(Path dir, UnaryOperator<ReadingSink> sink, CommandService commands) throws Exception {
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        pipeline = new ReadingPipeline(journal);
        camel = new DefaultCamelContext();
        camel.addComponent("heathub", new HeathubComponent(sink.apply(pipeline::accept), pipeline::subscribe, commands));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    /** Everything journaled, in order. */
    List<Reading> journaled() throws Exception {
        return journal.read("test", 10_000).stream().map(JournalEntry::reading).toList();
    }

    @Override
    public void close() throws Exception {
        camel.stop();
        journal.close();
    }
}

package io.heathub.forward.kafka;

import java.util.function.Supplier;

/**
 * kafka-clients loads classes named in its configuration (SASL login modules and callback
 * handlers, partitioners, interceptors) through the thread context class loader when there is
 * one. In OSGi that loader is whatever the calling framework thread carries, which cannot see
 * the kafka-clients jar embedded in the hub's Camel bundle, so such work runs with the loader
 * kafka-clients itself comes from (camel-kafka does the same when it creates a producer).
 */
final class KafkaClassLoading {
    private KafkaClassLoading() {
    }

    static <T> T withBundleLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(org.apache.kafka.clients.producer.KafkaProducer.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

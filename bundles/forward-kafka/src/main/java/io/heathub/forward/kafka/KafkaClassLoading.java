package io.heathub.forward.kafka;

import java.util.function.Supplier;

/**
 * kafka-clients loads classes named in its configuration (SASL login modules and callback
 * handlers, partitioners, interceptors) through the thread context class loader when there is
 * one. In OSGi that loader is whatever the calling framework thread carries, which cannot see
 * the kafka-clients jar embedded in this bundle, so such work runs with this bundle's loader.
 */
final class KafkaClassLoading {
    private KafkaClassLoading() {
    }

    static <T> T withBundleLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClassLoading.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

package dev.hawkeye.core.plugin;

/**
 * Runs code with a plugin's class loader as the thread's context class loader and restores the
 * previous one afterwards, whatever happens. Libraries inside a plugin (JAXB, Jackson modules,
 * mail providers) find their own resources through the context class loader.
 */
final class ContextSwitch {
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T call() throws E;
    }

    @FunctionalInterface
    interface Run<E extends Exception> {
        void run() throws E;
    }

    private ContextSwitch() {
    }

    static <T, E extends Exception> T call(ClassLoader loader, Call<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static <E extends Exception> void run(ClassLoader loader, Run<E> run) throws E {
        call(loader, () -> {
            run.run();
            return null;
        });
    }
}

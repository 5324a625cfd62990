package io.obshell.emulator.junit;

/** How long one emulator process serves the tests that use it. */
public enum EmulatorLifecycle {

    /**
     * One emulator for the test class (and its {@code @Nested} classes), reset before each test
     * unless switched off. Classes with the same configuration share one process unless they ask
     * for a dedicated one.
     */
    PER_CLASS,

    /** A fresh emulator process, with a fresh data directory, for every test method. */
    PER_METHOD
}

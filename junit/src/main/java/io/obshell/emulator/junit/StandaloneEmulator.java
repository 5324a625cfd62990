package io.obshell.emulator.junit;

/**
 * An emulator started with {@link ObshellEmulatorExtension.Builder#start()}, outside the
 * extension's lifecycle: for test engines that do not run JUnit Jupiter extensions (jqwik,
 * TestNG), a {@code main} method, or a test that needs several emulators one after another on
 * the same data directory. Nothing resets it; {@link #close()} stops the process and deletes its
 * temporary directory (unless kept), and a JVM that exits without closing it kills it.
 *
 * <pre>{@code
 * try (StandaloneEmulator emulator = ObshellEmulatorExtension.builder().agentPassword("secret").start()) {
 *     emulator.client().get("/api/v1/info");
 * }
 * }</pre>
 */
public interface StandaloneEmulator extends ObshellEmulator, AutoCloseable {

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    void close();
}

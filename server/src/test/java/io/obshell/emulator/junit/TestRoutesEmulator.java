package io.obshell.emulator.junit;

/**
 * For the emulator's own tests: an emulator process started as {@link
 * ObshellEmulatorExtension.Builder#start()} starts one, except that its classpath keeps the
 * server's test classes, so that test-only components such as {@code PolicyProbeController}
 * (routes echoing what the server decrypted) can be added with {@code spring.main.sources}
 * (component scanning leaves {@code @TestComponent}s out). In this package because the seam it
 * uses is package-private: users have no test routes to add.
 */
public final class TestRoutesEmulator {

    private TestRoutesEmulator() {
    }

    public static StandaloneEmulator start(ObshellEmulatorExtension.Builder builder) {
        return EmulatorProcess.start(builder.settings(), ServerLocation.testClasspath(true));
    }
}

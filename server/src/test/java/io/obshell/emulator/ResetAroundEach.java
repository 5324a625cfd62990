package io.obshell.emulator;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Part of {@link EmulatorHttpTest}: {@code POST /__emulator/reset} through {@link
 * io.obshell.emulator.client.EmulatorControl} before each test, so none depends on another
 * sharing its Spring context, and after it, so no DAG keeps running in a cached context. Runs
 * before the class's own {@code @BeforeEach} methods. Skipped where the configuration turns the
 * control plane off.
 */
final class ResetAroundEach implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        reset(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        reset(context);
    }

    private static void reset(ExtensionContext context) {
        EmulatorTestClient emulator = SpringExtension.getApplicationContext(context).getBean(EmulatorTestClient.class);
        if (emulator.controlPlaneEnabled()) {
            emulator.emulatorControl().reset();
        }
    }
}

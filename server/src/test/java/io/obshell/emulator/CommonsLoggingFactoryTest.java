package io.obshell.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link EmulatorApplication#main} names the Commons Logging factory instead of letting Commons
 * Logging discover it (a start-up cost): the one it names must be the one discovery picks on the
 * server's class path, so that naming it changes nothing but the time.
 */
class CommonsLoggingFactoryTest {

    @Test
    void theFactoryTheServerNamesIsTheOneDiscoveryPicks() {
        String named = System.getProperty(EmulatorApplication.COMMONS_LOGGING_FACTORY);
        System.clearProperty(EmulatorApplication.COMMONS_LOGGING_FACTORY);
        try {
            LogFactory.releaseAll(); // forget any factory found or named before: discover afresh
            assertEquals(EmulatorApplication.SLF4J_LOG_FACTORY, LogFactory.getFactory().getClass().getName());
        } finally {
            if (named != null) {
                System.setProperty(EmulatorApplication.COMMONS_LOGGING_FACTORY, named);
            }
            LogFactory.releaseAll();
        }
    }
}

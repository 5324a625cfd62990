package io.obshell.emulator.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says so at start when the control plane is open to other machines: anyone who reaches the
 * port could reset the emulator, drop the agent password and set their own.
 */
@Component
class ControlExposureWarning {

    private static final Logger log = LoggerFactory.getLogger(ControlExposureWarning.class);

    private final ControlProperties control;
    private final Environment environment;

    ControlExposureWarning(ControlProperties control, Environment environment) {
        this.control = control;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnIfExposed() {
        if (!control.enabled() || control.tokenRequired()) {
            return;
        }
        String address = environment.getProperty("server.address", "");
        if (!loopback(address)) {
            log.warn("SECURITY: the control plane /__emulator is open to anyone who can reach {}:{} "
                    + "(server.address is not a loopback address): they can reset the emulator and replace the "
                    + "agent password. Set obshell.emulator.control.token (clients then send 'Authorization: Bearer "
                    + "<token>'), or obshell.emulator.control.enabled=false, or bind server.address=127.0.0.1.",
                    address.isBlank() ? "every interface" : address, environment.getProperty("local.server.port",
                            environment.getProperty("server.port", "?")));
        }
    }

    /** Blank means every interface; a name that does not resolve counts as exposed. */
    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** F9: binding beyond loopback with an open control plane is said loudly at start. */
@ExtendWith(OutputCaptureExtension.class)
class ControlExposureWarningTest {

    @Test
    void nonLoopbackAddressWithoutTokenWarns(CapturedOutput output) {
        warning(new ControlProperties(true, null), "0.0.0.0").warnIfExposed();

        assertThat(output).contains("SECURITY: the control plane /__emulator is open")
                .contains("obshell.emulator.control.token");
    }

    @Test
    void everyInterfaceWithoutTokenWarns(CapturedOutput output) {
        warning(new ControlProperties(true, " "), null).warnIfExposed();

        assertThat(output).contains("SECURITY: the control plane /__emulator is open to anyone who can reach every interface");
    }

    @Test
    void loopbackTokenOrDisabledStayQuiet(CapturedOutput output) {
        warning(new ControlProperties(true, null), "127.0.0.1").warnIfExposed();
        warning(new ControlProperties(true, null), "::1").warnIfExposed();
        warning(new ControlProperties(true, "t0ken"), "0.0.0.0").warnIfExposed();
        warning(new ControlProperties(false, null), "0.0.0.0").warnIfExposed();

        assertThat(output).doesNotContain("SECURITY");
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertThat(new ControlProperties(true, "t0ken").toString()).doesNotContain("t0ken");
    }

    private static ControlExposureWarning warning(ControlProperties properties, String address) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.port", "2886");
        if (address != null) {
            environment.setProperty("server.address", address);
        }
        return new ControlExposureWarning(properties, environment);
    }
}

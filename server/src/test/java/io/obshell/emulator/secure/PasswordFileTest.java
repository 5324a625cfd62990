package io.obshell.emulator.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.obshell.emulator.EmulatorHttpTest;
import io.obshell.emulator.EmulatorTestClient;
import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** F8: the agent password from a file (kept out of ps and shell history), never from its content in errors. */
@EmulatorHttpTest
@TestPropertySource(properties = "obshell.agent.password-file=target/password-file-test/agent-password")
@Tag("reliability")
class PasswordFileTest {

    private static final String PASSWORD = "From#File1";

    static {
        try {
            Path file = Path.of("target/password-file-test/agent-password");
            Files.createDirectories(file.getParent());
            Files.writeString(file, PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    EmulatorTestClient emulator;

    @TempDir
    Path dir;

    @Test
    void thePasswordInTheFileIsTheAgentPasswordAndSurvivesAReset() {
        assertThat(emulator.signingWith(null).get("/api/v1/info").data().path("security").asBoolean()).isTrue();
        ObshellClient agent = emulator.signingWith(PASSWORD);
        assertThat(agent.get("/api/v1/task/dags/agent").status()).isEqualTo(200);
        assertThat(emulator.signingWith(PASSWORD + "\n").get("/api/v1/task/dags/agent").status()).isEqualTo(401);

        emulator.emulatorControl().reset();

        assertThat(agent.get("/api/v1/task/dags/agent").status()).isEqualTo(200);
    }

    @Test
    void aPasswordFileAndAPasswordTogetherAreRefused() {
        assertThatThrownBy(() -> AgentPassword.configuredPassword(agent("inline", Path.of("x"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void anEmptyOrMissingFileIsRefusedWithoutShowingContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> AgentPassword.configuredPassword(agent(null, empty)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> AgentPassword.configuredPassword(agent(null, dir.resolve("missing"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read");
        Path crlf = Files.writeString(dir.resolve("crlf"), "Pw with spaces \r\n");
        assertThat(AgentPassword.configuredPassword(agent(null, crlf))).isEqualTo("Pw with spaces ");
    }

    @Test
    void theConfigurationNeverPrintsThePassword() {
        assertThat(agent("Top#Secret9", null).toString()).doesNotContain("Top#Secret9");
    }

    private static ObshellProperties.Agent agent(String password, Path file) {
        return new ObshellProperties.Agent("127.0.0.1", null, "SINGLE", "4.5.0.0", password, "x86_64",
                "/home/admin/oceanbase", "0", file);
    }
}

package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.obshell.emulator.secure.AgentPassword;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** F8 at rest: the data directory is its owner's alone, the database 0600 with its WAL and SHM. */
@EmulatorHttpTest
@Tag("reliability")
class SecretsAtRestTest {

    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    AgentPassword agentPassword;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theDataDirectoryIs0700AndTheDatabaseFiles0600() throws Exception {
        agentPassword.set("Rest#Pwd1");
        jdbc.sql("SELECT count(*) FROM ocs_info").query(Long.class).single();

        assertThat(mode(dataDirectory.root())).isEqualTo("rwx------");
        assertThat(mode(dataDirectory.tmp())).isEqualTo("rwx------");
        for (String name : new String[] {"obshell.db", "obshell.db-wal", "obshell.db-shm"}) {
            Path file = dataDirectory.root().resolve(name);
            assertThat(file).as(name).exists();
            assertThat(mode(file)).as(name).isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

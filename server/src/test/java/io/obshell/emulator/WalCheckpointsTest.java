package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits only append to the write-ahead log; the log reaches the database file through the
 * background checkpoint, without waiting for a commit to cross SQLite's automatic threshold.
 */
class WalCheckpointsTest {

    @TempDir
    Path dataDir;

    @Test
    void theLogIsCheckpointedInTheBackgroundAndNotByTheCommits() throws Exception {
        DataDirectory directory = new DataDirectory(new ObshellProperties(dataDir, null, null, null));
        try (HikariDataSource dataSource = (HikariDataSource) new DatabaseConfiguration().dataSource(directory)) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t(v TEXT)");
                // Below SQLite's automatic threshold of 1000 pages, one commit at a time.
                for (int i = 0; i < 200; i++) {
                    statement.execute("INSERT INTO t VALUES ('" + "x".repeat(3000) + "')");
                }
            }
            long before = Files.size(directory.database());
            assertThat(before).as("no commit checkpointed").isLessThan(100_000);

            WalCheckpoints checkpoints = new WalCheckpoints(dataSource);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(directory.database()) > 600_000);
            } finally {
                checkpoints.stop();
            }
        }
    }
}

package io.obshell.emulator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoints SQLite's write-ahead log on a thread of its own. With {@code synchronous=NORMAL}
 * a commit only appends to the log; the checkpoint is where SQLite fsyncs (the log, then the
 * database), and its automatic checkpoint runs inside whichever commit crosses the threshold:
 * several milliseconds a DAG step or a request would wait for. Here a PASSIVE checkpoint (it
 * never waits for readers or writers) runs every {@link #INTERVAL}, often enough that the log
 * rarely reaches the automatic one's 1000 pages, which stays as a backstop.
 *
 * <p>Durability: every commit is in the log before it returns, so a SIGKILL loses nothing
 * committed. A power loss (or a kernel crash) can take back the commits made since the last
 * checkpoint's fsync, about {@link #INTERVAL} of them, never half a transaction: SQLite drops a
 * log tail whose checksums do not match.
 */
@Component
class WalCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(WalCheckpoints.class);
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sqlite-checkpoint");
        thread.setDaemon(true);
        return thread;
    });

    WalCheckpoints(DataSource dataSource) {
        this.dataSource = dataSource;
        timer.scheduleWithFixedDelay(this::checkpoint, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            // The next round tries again; the automatic checkpoint still bounds the log.
            log.debug("WAL checkpoint skipped: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

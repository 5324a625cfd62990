package io.obshell.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.obshell.emulator.ObshellProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RequestJournalTest {

    @Test
    void keepsOnlyTheNewestMaxEntries() {
        RequestJournal journal = new RequestJournal(properties(3));
        for (int i = 1; i <= 5; i++) {
            journal.record(entry("/api/v1/r" + i));
        }

        List<JournalEntry> kept = journal.list(Integer.MAX_VALUE, e -> true);

        assertThat(kept).extracting(JournalEntry::path).containsExactly("/api/v1/r5", "/api/v1/r4", "/api/v1/r3");
        assertThat(kept).extracting(JournalEntry::id).containsExactly(5L, 4L, 3L);
    }

    @Test
    void zeroMaxEntriesTurnsTheJournalOff() {
        RequestJournal journal = new RequestJournal(properties(0));
        journal.record(entry("/api/v1/info"));

        assertThat(journal.list(10, e -> true)).isEmpty();
    }

    @Test
    void keepsOnlyAsManyBytesOfTextAsConfigured() {
        RequestJournal journal = new RequestJournal(properties(1000, DataSize.ofKilobytes(512)));
        String body = "\"" + "x".repeat(60_000) + "\"";
        for (int i = 1; i <= 100; i++) {
            journal.record(new JournalEntry(0, "2025-01-01T00:00:00Z", "POST", "/api/v1/r" + i, "/api/v1/r" + i,
                    "agent", null, body, null, 200, null, null, "", 1));
        }

        List<JournalEntry> kept = journal.list(Integer.MAX_VALUE, e -> true);

        assertThat(journal.bytes()).isLessThanOrEqualTo(512 * 1024);
        assertThat(kept).hasSize(4).first().extracting(JournalEntry::path).isEqualTo("/api/v1/r100");
    }

    private static JournalEntry entry(String path) {
        return new JournalEntry(0, "2025-01-01T00:00:00Z", "GET", path, path, "none", null, null, null, 200, null,
                null, "", 1);
    }

    private static ObshellProperties properties(int maxEntries) {
        return properties(maxEntries, DataSize.ofMegabytes(8));
    }

    private static ObshellProperties properties(int maxEntries, DataSize maxBytes) {
        return new ObshellProperties(Path.of("target/unused"),
                new ObshellProperties.Agent("127.0.0.1", null, "SINGLE", "4.5.0.0", null, "x86_64",
                        "/home/admin/oceanbase", "0"),
                new ObshellProperties.Obproxy(true, true, "4.3.2.0-26", "/home/admin/obproxy", 2883),
                new ObshellProperties.Emulator(Duration.ZERO, Map.of(), List.of(),
                        new ObshellProperties.Journal(maxEntries, maxBytes), null));
    }
}

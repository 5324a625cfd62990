package io.obshell.emulator.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import io.obshell.emulator.ObshellProperties;
import io.obshell.emulator.Resettable;
import org.springframework.stereotype.Component;

/**
 * The newest {@code /api/v1} requests, in memory: at most {@code obshell.emulator.journal.max-entries}
 * of them and {@code max-bytes} of their text, whichever bound is reached first, so neither many
 * small requests nor a few large ones can grow the heap.
 */
@Component
class RequestJournal implements Resettable {

    private final int maxEntries;
    private final long maxBytes;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private long bytes;
    private long lastId;

    RequestJournal(ObshellProperties properties) {
        this.maxEntries = Math.max(0, properties.emulator().journal().maxEntries());
        this.maxBytes = Math.max(0, properties.emulator().journal().maxBytes().toBytes());
    }

    synchronized void record(JournalEntry entry) {
        long weight = entry.weight();
        if (maxEntries == 0 || weight > maxBytes) {
            return;
        }
        entries.addFirst(entry.withId(++lastId));
        bytes += weight;
        while (entries.size() > maxEntries || bytes > maxBytes) {
            bytes -= entries.removeLast().weight();
        }
    }

    /** About how many bytes of heap the kept entries hold. */
    synchronized long bytes() {
        return bytes;
    }

    /** Newest first, at most {@code limit} of those {@code filter} keeps. */
    synchronized List<JournalEntry> list(int limit, Predicate<JournalEntry> filter) {
        List<JournalEntry> found = new ArrayList<>();
        for (Iterator<JournalEntry> it = entries.iterator(); it.hasNext() && found.size() < limit; ) {
            JournalEntry entry = it.next();
            if (filter.test(entry)) {
                found.add(entry);
            }
        }
        return found;
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    @Override
    public int resetOrder() {
        return CONTROL;
    }

    @Override
    public void reset() {
        clear();
    }
}

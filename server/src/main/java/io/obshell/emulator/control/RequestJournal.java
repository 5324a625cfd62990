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

/** The newest {@code obshell.emulator.journal.max-entries} {@code /api/v1} requests, in memory. */
@Component
class RequestJournal implements Resettable {

    private final int maxEntries;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private long lastId;

    RequestJournal(ObshellProperties properties) {
        this.maxEntries = Math.max(0, properties.emulator().journal().maxEntries());
    }

    synchronized void record(JournalEntry entry) {
        if (maxEntries == 0) {
            return;
        }
        entries.addFirst(entry.withId(++lastId));
        while (entries.size() > maxEntries) {
            entries.removeLast();
        }
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

package io.obshell.emulator.client;

/**
 * Which journal entries to read: at most {@code limit} (null: the server's default), whose path
 * starts with {@code pathPrefix}, with {@code status} {@code 401}-like or a class like {@code 4xx}.
 */
public record JournalQuery(Integer limit, String pathPrefix, String status) {

    public static JournalQuery all() {
        return new JournalQuery(null, null, null);
    }

    public JournalQuery limit(int value) {
        return new JournalQuery(value, pathPrefix, status);
    }

    public JournalQuery path(String prefix) {
        return new JournalQuery(limit, prefix, status);
    }

    public JournalQuery status(String value) {
        return new JournalQuery(limit, pathPrefix, value);
    }
}

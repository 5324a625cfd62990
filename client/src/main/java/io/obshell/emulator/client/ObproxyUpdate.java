package io.obshell.emulator.client;

/**
 * A change to the emulated ODP ({@code PUT /__emulator/obproxy}); null fields keep their value.
 *
 * <pre>{@code control.updateObproxy(ObproxyUpdate.none().running(false)); }</pre>
 */
public record ObproxyUpdate(Boolean managed, Boolean running, String version, String homePath, Integer sqlPort) {

    /** No change yet: start from here and set what should change. */
    public static ObproxyUpdate none() {
        return new ObproxyUpdate(null, null, null, null, null);
    }

    public ObproxyUpdate managed(boolean value) {
        return new ObproxyUpdate(value, running, version, homePath, sqlPort);
    }

    public ObproxyUpdate running(boolean value) {
        return new ObproxyUpdate(managed, value, version, homePath, sqlPort);
    }

    /** {@code VERSION-BUILD}, e.g. {@code 4.3.2.0-26}. */
    public ObproxyUpdate version(String value) {
        return new ObproxyUpdate(managed, running, value, homePath, sqlPort);
    }

    public ObproxyUpdate homePath(String value) {
        return new ObproxyUpdate(managed, running, version, value, sqlPort);
    }

    /** 0 means "not initialized". */
    public ObproxyUpdate sqlPort(int value) {
        return new ObproxyUpdate(managed, running, version, homePath, value);
    }
}

package io.obshell.emulator;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Points every library's scratch files into the data directory before any of them runs: the
 * server writes nowhere else, whatever it runs on. Left to themselves, SQLite's JDBC driver
 * ({@code org.sqlite.tmpdir}) and the Amazon Corretto Crypto Provider
 * ({@code com.amazon.corretto.crypto.provider.tmpdir}) unpack their native libraries into
 * {@code java.io.tmpdir}, and Jetty and Spring Boot make their temporary directories there, so
 * a machine running many emulators collected hundreds of files in {@code /tmp}.
 *
 * <p>Registered by {@link EmulatorApplication#main} only: it sets JVM-wide properties, which is
 * right for the emulator's own process, not for a test JVM that runs several servers.
 */
final class JvmScratchDirectory implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";
    static final String ACCP_TMPDIR = "com.amazon.corretto.crypto.provider.tmpdir";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String scratch = DataDirectory.prepareJvmScratch(DataDirectory.configured(event.getEnvironment())).toString();
        System.setProperty("java.io.tmpdir", scratch);
        System.setProperty(SQLITE_TMPDIR, scratch);
        System.setProperty(ACCP_TMPDIR, scratch);
    }
}

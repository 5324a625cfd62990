package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox keeps every client path under {@code <data-dir>/fs} (ARCHITECTURE.md, issue 3). */
class SandboxTest {

    private final Path dataDir = Path.of("target/sandbox-test").toAbsolutePath();
    private final Sandbox sandbox = new Sandbox(new DataDirectory(new ObshellProperties(dataDir, null, null, null)));

    @ParameterizedTest
    @ValueSource(strings = {"/../../etc/passwd", "../../../etc", "/a/../../../../root/.ssh", "/..", "..",
            "/home/admin/../../../../..", "/./../x", "//../etc"})
    void traversalNeverLeavesTheSandbox(String clientPath) {
        Path resolved = sandbox.resolve(clientPath);
        assertThat(resolved.normalize()).startsWithRaw(sandbox.root());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/home/admin/obproxy", "home/admin/obproxy", "/home/admin//obproxy/"})
    void clientPathsMapBelowTheRoot(String clientPath) {
        assertThat(sandbox.resolve(clientPath)).isEqualTo(sandbox.root().resolve("home/admin/obproxy"));
    }

    @Property(tries = 500)
    void anyPathStaysInside(@ForAll @StringLength(max = 40) @CharRange(from = '.', to = '/') String dotsAndSlashes,
            @ForAll @StringLength(max = 10) String anything) {
        String clientPath = dotsAndSlashes + anything.replace('\0', 'x');
        assertThat(sandbox.resolve(clientPath).normalize()).startsWithRaw(sandbox.root());
    }
}

package io.obshell.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.obshell.emulator.client.EmulatorControl;
import io.obshell.emulator.client.ObshellClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/obshell-emulator against the jar this build packaged (so a failsafe test, after
 * {@code package}): it prints the URL once the emulator answers, passes every argument on as a
 * configuration key, stops the server with itself, names a port that is taken, and builds the
 * jar first when it is missing or stale.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("bin/obshell-emulator");

    @TempDir
    Path dir;

    private Process launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    @Test
    void printsTheUrlOnceReadyPassesConfigurationOnAndStopsTheServerWithIt() throws Exception {
        launcher = launch("--server.port=0", "--obshell.data-dir=" + dir.resolve("data"),
                "--obshell.agent.password=Launch#Pwd1", "--obshell.agent.version=4.3.1.0");
        String url = firstLine(launcher);

        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
        URI base = URI.create(url);
        // ready means answering: no wait between the URL and the first request
        assertThat(EmulatorControl.connect(base).health().status()).isEqualTo("UP");
        ObshellClient client = ObshellClient.create(base, "Launch#Pwd1");
        assertThat(client.get("/api/v1/info").data().path("version").asString()).isEqualTo("4.3.1.0");
        assertThat(client.get("/api/v1/obproxy/upgrade").status()).isNotEqualTo(401);
        assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();
        List<ProcessHandle> servers = launcher.descendants().toList();
        assertThat(servers).isNotEmpty();

        launcher.destroy(); // SIGTERM, as pytest's terminate() and Go's Process.Signal send it
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(listening(base.getPort())).isFalse();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("Started EmulatorApplication");
    }

    @Test
    void aPreparedArchiveStartsWithNativeLibrariesUnpackedOnceNotAtEveryStart() throws Exception {
        Path cache = dir.resolve("cache");
        Path archive = prepareArchive(cache, Map.of(), 300);
        List<String> nativeOptions = Files.readAllLines(archive.resolveSibling("native.opts"));
        assertThat(nativeOptions).contains("-Dorg.sqlite.lib.path=" + archive.resolveSibling("native"),
                "-Dorg.sqlite.lib.name=" + System.mapLibraryName("sqlitejdbc"));

        URI base = URI.create(startWithArchive(cache, Map.of()));
        assertThat(infoStatus(base)).isEqualTo(200);

        // The server maps the libraries unpacked beside the archive, and unpacked none of its own.
        ProcessHandle server = serverJvm();
        String maps = Files.readString(Path.of("/proc", Long.toString(server.pid()), "maps"));
        Path nativeDir = archive.resolveSibling("native");
        assertThat(maps).contains(nativeDir.resolve(System.mapLibraryName("sqlitejdbc")).toString());
        if (nativeOptions.contains("-Dcom.amazon.corretto.crypto.provider.useExternalLib=true")) {
            assertThat(maps).contains(nativeDir.resolve(System.mapLibraryName("amazonCorrettoCryptoProvider")).toString());
        }
        try (var scratch = Files.walk(dir.resolve("data/jvm-tmp"))) {
            assertThat(scratch.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.contains("sqlite") || name.contains("CorrettoCrypto"));
        }
    }

    @Test
    void onJava25OrLaterThePreparedArchiveIsAnAotCacheThatTheServerStartsWith() throws Exception {
        Path javaHome = javaHomeOfAtLeast(25);
        assumeTrue(javaHome != null, "no Java 25 or later here (JAVA_HOME, /usr/lib/jvm)");
        Path cache = dir.resolve("cache");
        // the training run, then the JVM that writes the cache: minutes on a busy machine
        Path aotCache = prepareArchive(cache, Map.of("JAVA_HOME", javaHome.toString()), 600);
        assertThat(aotCache.getFileName()).hasToString("app.aot");
        assertThat(Files.size(aotCache)).isPositive();

        // AOTMode=on: the JVM refuses to start unless it can use the cache it is given.
        String url = startWithArchive(cache, Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(url).as(Files.readString(dir.resolve("stderr.txt"))).startsWith("http://");
        assertThat(infoStatus(URI.create(url))).isEqualTo(200);
        List<String> arguments = List.of(Files.readString(Path.of("/proc", Long.toString(serverJvm().pid()), "cmdline")).split("\0"));
        assertThat(arguments).contains("-XX:AOTCache=" + aotCache, "-XX:AOTMode=on");
    }

    /** Runs the launcher with OBSHELL_EMULATOR_CDS=prepare on its own jar; the archive's path it printed. */
    private Path prepareArchive(Path cache, Map<String, String> environment, long timeoutSeconds) throws Exception {
        ProcessBuilder prepared = new ProcessBuilder(LAUNCHER.toString(), "--server.port=0").directory(dir.toFile())
                .redirectError(dir.resolve("prepare.txt").toFile());
        prepared.environment().remove("OBSHELL_EMULATOR_JAR");
        prepared.environment().putAll(environment);
        prepared.environment().put("OBSHELL_EMULATOR_CACHE", cache.toString());
        prepared.environment().put("OBSHELL_EMULATOR_CDS", "prepare");
        Process making = prepared.start();
        assertThat(making.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        assertThat(making.exitValue()).as(Files.readString(dir.resolve("prepare.txt"))).isZero();
        return Path.of(new String(making.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    /** Starts the launcher on the archive prepared in {@code cache}; the URL it printed. */
    private String startWithArchive(Path cache, Map<String, String> environment) throws Exception {
        ProcessBuilder start = new ProcessBuilder(LAUNCHER.toString(), "--server.port=0",
                "--obshell.data-dir=" + dir.resolve("data")).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        start.environment().remove("OBSHELL_EMULATOR_JAR");
        start.environment().putAll(environment);
        start.environment().put("OBSHELL_EMULATOR_CACHE", cache.toString());
        launcher = start.start();
        return firstLine(launcher);
    }

    /** The JVM the launcher started. */
    private ProcessHandle serverJvm() {
        return launcher.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();
    }

    private static int infoStatus(URI base) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/v1/info")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The launcher's first line on stdout (its URL once the server answers), waited for up to 2 minutes. */
    private static String firstLine(Process launcher) throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(120, TimeUnit.SECONDS);
    }

    /** A Java home of the given feature release or later: this test's own, JAVA_HOME's, or one in /usr/lib/jvm. */
    private static Path javaHomeOfAtLeast(int feature) throws IOException {
        List<Path> candidates = new java.util.ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        if (System.getenv("JAVA_HOME") != null) {
            candidates.add(Path.of(System.getenv("JAVA_HOME")));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var homes = Files.list(jvms)) {
                homes.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Path release = home.resolve("release");
            if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)) {
                var version = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)", java.util.regex.Pattern.MULTILINE)
                        .matcher(Files.readString(release));
                if (version.find() && Integer.parseInt(version.group(1)) >= feature) {
                    return home.toRealPath();
                }
            }
        }
        return null;
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            launcher = launch("--server.port=" + port, "--obshell.data-dir=" + dir.resolve("data"));

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(Files.readString(dir.resolve("stderr.txt"))).isEqualTo("obshell-emulator: port " + port
                    + " on 127.0.0.1 is already in use: stop what holds it, or pass --server.port=N (0: any free port)\n");
        }
    }

    @Test
    void anArgumentThatIsNotAKeyIsAUsageError() throws Exception {
        launcher = launch("server.port=0");

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("arguments are configuration keys, --key=value");
    }

    // ---- building the jar: missing or stale -----------------------------------------------------
    //
    // Against a copy of the launcher in a project laid out in a temporary directory, whose mvnw
    // is a stand-in: it records its arguments and "builds" by copying a given file into
    // server/target. What is exercised: when the launcher builds (no jar; a jar older than
    // pom.xml, server/pom.xml or a file under server/src/main) and when it does not, the command
    // it builds with, that it then runs the jar the build left, and what it says. What is not:
    // Maven itself (this build just ran it), nor whether Maven's own up-to-date checks see every
    // change, nor a real start (printsTheUrlOnceReady... above runs the jar this build made): java
    // is a stand-in too, which says which jar it was given (by its content) and exits, so these
    // cases cost no JVM.

    private static final String JAR = "server/target/obshell-emulator-0.1.0-SNAPSHOT.jar";
    private static final String BUILD = "-q -B -pl server -am package -DskipTests";
    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minus(Duration.ofHours(1)));

    /** A project whose sources (and jar, when given) are all as old as {@code sourcesTime}. */
    private Path project(FileTime sourcesTime) throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(LAUNCHER, root.resolve("bin/obshell-emulator"), StandardCopyOption.COPY_ATTRIBUTES);
        Path mvnw = Files.writeString(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >>mvnw.calls
                [[ -z ${FAKE_BUILD_FAILS:-} ]] || exit 1
                mkdir -p server/target
                [[ -z ${FAKE_BUILT_JAR:-} ]] || cp "$FAKE_BUILT_JAR" server/target/obshell-emulator-0.1.0-SNAPSHOT.jar
                """);
        mvnw.toFile().setExecutable(true);
        for (String source : List.of("pom.xml", "server/pom.xml", "server/src/main/java/io/obshell/emulator/Main.java")) {
            Path file = root.resolve(source);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "source");
        }
        // Directories too: the launcher counts a directory changed since the jar (a source added,
        // removed or renamed) as a change.
        try (var paths = Files.walk(root.resolve("server/src"))) {
            for (Path path : paths.toList()) {
                Files.setLastModifiedTime(path, sourcesTime);
            }
        }
        Files.setLastModifiedTime(root.resolve("pom.xml"), sourcesTime);
        Files.setLastModifiedTime(root.resolve("server/pom.xml"), sourcesTime);
        return root;
    }

    private Path jar(Path root, String content, FileTime time) throws IOException {
        Path jar = root.resolve(JAR);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, content);
        Files.setLastModifiedTime(jar, time);
        return jar;
    }

    private Process launchIn(Path root, Map<String, String> env, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/obshell-emulator").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().remove("OBSHELL_EMULATOR_JAR");
        builder.environment().put("OBSHELL_EMULATOR_CDS", "false");
        builder.environment().put("OBSHELL_EMULATOR_CACHE", dir.resolve("cache").toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Runs the launcher in {@code root} with a stand-in java (as JAVA_HOME): it passes the
     * launcher's version check, prints what the jar it is given holds, and exits with status 3.
     */
    private String launchWithStandInJava(Path root, Map<String, String> env) throws Exception {
        Path javaHome = dir.resolve("java-home");
        if (!Files.exists(javaHome)) {
            Path java = Files.writeString(Files.createDirectories(javaHome.resolve("bin")).resolve("java"), """
                    #!/usr/bin/env bash
                    [[ $1 != -version ]] || { echo 'openjdk version "17.0.99" 2026-01-20' >&2; exit 0; }
                    while [[ $# -gt 0 && $1 != -jar ]]; do shift; done
                    echo "java ran: $(cat "$2")"
                    exit 3
                    """);
            java.toFile().setExecutable(true);
        }
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", javaHome.toString());
        launcher = launchIn(root, all, "--server.port=0", "--obshell.data-dir=" + dir.resolve("data"));
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        return Files.readString(dir.resolve("stderr.txt"));
    }

    private static List<String> builds(Path root) throws IOException {
        Path calls = root.resolve("mvnw.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void aMissingJarIsBuiltFirstThenRun() throws Exception {
        Path root = project(LONG_AGO); // no server/target at all, as in a fresh clone
        Path built = Files.writeString(dir.resolve("built"), "built");

        String stderr = launchWithStandInJava(root, Map.of("FAKE_BUILT_JAR", built.toString()));

        assertThat(builds(root)).containsExactly(BUILD);
        assertThat(stderr).startsWith("obshell-emulator: building the server jar (once) ...\njava ran: built\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server/src/main/java/io/obshell/emulator/Main.java", "server/pom.xml", "pom.xml"})
    void aJarOlderThanWhatItIsBuiltFromIsRebuiltBeforeItRuns(String changed) throws Exception {
        Path root = project(LONG_AGO);
        jar(root, "stale", AN_HOUR_AGO);
        Files.setLastModifiedTime(root.resolve(changed), FileTime.from(Instant.now()));
        Path rebuilt = Files.writeString(dir.resolve("rebuilt"), "rebuilt");

        String stderr = launchWithStandInJava(root, Map.of("FAKE_BUILT_JAR", rebuilt.toString()));

        assertThat(builds(root)).containsExactly(BUILD);
        assertThat(stderr).startsWith("obshell-emulator: rebuilding the server jar: " + changed
                + " changed since " + JAR + " was built ...\n");
        // java was handed the rebuilt jar, not the stale one
        assertThat(stderr).contains("java ran: rebuilt\n",
                "obshell-emulator: the emulator exited with status 3 before it was ready");
    }

    @Test
    void aJarNewerThanItsSourcesRunsAsItIsAndABuildThatLeftItAsItWasIsNotRepeated() throws Exception {
        Path root = project(LONG_AGO);
        Path jar = jar(root, "fresh", AN_HOUR_AGO);

        assertThat(launchWithStandInJava(root, Map.of())).startsWith("java ran: fresh\n");
        assertThat(builds(root)).isEmpty();

        // A pom touched without a change to the jar's contents: Maven may leave the jar as it was.
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now()));
        assertThat(launchWithStandInJava(root, Map.of())).contains("rebuilding the server jar: pom.xml changed");
        assertThat(launchWithStandInJava(root, Map.of())).startsWith("java ran: fresh\n");
        assertThat(builds(root)).containsExactly(BUILD);
        assertThat(jar).hasContent("fresh");
    }

    @Test
    void aFailedBuildIsNamedAndNothingRuns() throws Exception {
        Path root = project(LONG_AGO);

        String stderr = launchWithStandInJava(root, Map.of("FAKE_BUILD_FAILS", "true"));

        assertThat(stderr).endsWith("obshell-emulator: the build failed\n").doesNotContain("java ran");
        assertThat(launcher.getInputStream().readAllBytes()).isEmpty();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

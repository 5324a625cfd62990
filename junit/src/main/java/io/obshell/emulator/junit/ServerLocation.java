package io.obshell.emulator.junit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Where the server comes from, in this order: {@code -Dobshell.emulator.jar=PATH} (or the
 * environment variable {@code OBSHELL_EMULATOR_JAR}); the server's own classes on the test
 * classpath (the emulator's own build); the jar {@code ./mvnw install} put in the local Maven
 * repository ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}).
 */
record ServerLocation(List<String> launch, String description, boolean aot) {

    static final String JAR_PROPERTY = "obshell.emulator.jar";
    static final String JAR_ENV = "OBSHELL_EMULATOR_JAR";
    static final String MAIN_CLASS = "io.obshell.emulator.EmulatorApplication";
    /** What Spring AOT generates into the packaged jar (the server's build runs process-aot). */
    static final String AOT_INITIALIZER = "BOOT-INF/classes/" + MAIN_CLASS.replace('.', '/')
            + "__ApplicationContextInitializer.class";

    static ServerLocation find() {
        String explicit = System.getProperty(JAR_PROPERTY);
        String origin = "-D" + JAR_PROPERTY;
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(JAR_ENV);
            origin = "$" + JAR_ENV;
        }
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new EmulatorStartException("obshell-emulator server jar not found: " + jar + " (from " + origin
                        + "). Build it with `./mvnw install` in the obshell-emulator checkout, or fix the path.");
            }
            return jar(jar);
        }
        if (ServerLocation.class.getClassLoader().getResource(MAIN_CLASS.replace('.', '/') + ".class") != null) {
            return testClasspath(false);
        }
        Path jar = localRepositoryJar();
        if (!Files.isRegularFile(jar)) {
            throw new EmulatorStartException("obshell-emulator server jar not found: " + jar
                    + ". Run `./mvnw install` in the obshell-emulator checkout (it installs the server with the client"
                    + " and this extension), or point -D" + JAR_PROPERTY + "=PATH at a server jar.");
        }
        return jar(jar);
    }

    /**
     * The server's classes from the test classpath; with {@code testClasses}, the test-class
     * directories too, so that {@code spring.main.sources} can name a test-only component (the
     * emulator's own tests add their echoing routes so). Component scanning still leaves
     * {@code @TestComponent}s out.
     */
    static ServerLocation testClasspath(boolean testClasses) {
        // No AOT here: the classes directory may hold initializers older than the classes.
        return new ServerLocation(List.of("-cp", serverClasspath(testClasses), MAIN_CLASS),
                testClasses ? "the test classpath with its test classes" : "the test classpath", false);
    }

    private static ServerLocation jar(Path jar) {
        return new ServerLocation(List.of("-jar", jar.toString()), jar.toString(), hasAotInitializer(jar));
    }

    /** A jar built before the server's build ran Spring AOT has none, and must start without it. */
    private static boolean hasAotInitializer(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(AOT_INITIALIZER) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The test classpath, without its test-class directories unless {@code testClasses}: the
     * server scans its own packages, and must not pick up a test's controllers or configurations.
     */
    private static String serverClasspath(boolean testClasses) {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (testClasses || !path.endsWith("test-classes")) {
                entries.add(path.toString());
            }
        }
        return entries.stream().collect(Collectors.joining(File.pathSeparator));
    }

    static Path localRepositoryJar() {
        Properties version = new Properties();
        try (InputStream in = ServerLocation.class.getResourceAsStream("version.properties")) {
            version.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String repository = System.getProperty("maven.repo.local");
        Path root = repository != null && !repository.isBlank() ? Path.of(repository)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        String artifact = version.getProperty("artifactId");
        String number = version.getProperty("version");
        return root.resolve(version.getProperty("groupId").replace('.', File.separatorChar)).resolve(artifact)
                .resolve(number).resolve(artifact + "-" + number + ".jar").toAbsolutePath();
    }
}

package io.obshell.emulator.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java that runs the emulator: {@code -Dobshell.emulator.java=PATH} (a JDK/JRE home or its
 * {@code bin/java}) or the one running the tests. Its version is read from the home's
 * {@code release} file before starting, so a Java too old for the server is named at once
 * rather than as an UnsupportedClassVersionError in a log.
 */
record JavaRuntime(Path executable, Path home) {

    static final String PROPERTY = "obshell.emulator.java";
    static final int REQUIRED = 17;
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(?:1\\.)?(\\d+)");

    static JavaRuntime find() {
        String configured = System.getProperty(PROPERTY);
        Path home;
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath();
            home = Files.isDirectory(path) ? path : path.getParent() == null ? path : path.getParent().getParent();
        } else {
            home = Path.of(System.getProperty("java.home"));
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path executable = home.resolve("bin").resolve(windows ? "java.exe" : "java");
        if (!Files.isExecutable(executable)) {
            throw new EmulatorStartException("no java executable at " + executable
                    + (configured != null ? " (from -D" + PROPERTY + "=" + configured + ")" : ""));
        }
        JavaRuntime runtime = new JavaRuntime(executable, home);
        runtime.majorVersion().filter(major -> major < REQUIRED).ifPresent(major -> {
            throw new EmulatorStartException(tooOld(executable, Integer.toString(major)));
        });
        return runtime;
    }

    static String tooOld(Path executable, String version) {
        return "Java too old: the obshell emulator needs Java " + REQUIRED + " or later, and " + executable + " is Java "
                + version + ". Run the tests on Java " + REQUIRED + "+ or point -D" + PROPERTY + " at a newer JDK.";
    }

    /** The major version from {@code <home>/release}, when the home has one. */
    Optional<Integer> majorVersion() {
        try {
            Path release = home.resolve("release");
            if (!Files.isRegularFile(release)) {
                return Optional.empty();
            }
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package io.obshell.emulator.client;

/**
 * Jackson 3 lives in its own packages ({@code tools.jackson}) and sits beside a user's Jackson 2,
 * except for jackson-annotations, which both share and Jackson 3 needs at 2.20 or later. A
 * build whose dependency management pins an older one (Spring Boot 3.0 to 3.4, early 3.5) would
 * fail deep inside Jackson with a NoClassDefFoundError; this says what to change instead.
 */
final class JacksonCheck {

    private static final String NEEDED = "com.fasterxml.jackson.annotation.JsonSerializeAs";

    private JacksonCheck() {
    }

    static void requireAnnotations() {
        try {
            Class.forName(NEEDED, false, JacksonCheck.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            Package found = com.fasterxml.jackson.annotation.JsonProperty.class.getPackage();
            String version = found == null || found.getImplementationVersion() == null ? "an older version"
                    : found.getImplementationVersion();
            throw new IllegalStateException("obshell-emulator-client uses Jackson 3, which needs "
                    + "com.fasterxml.jackson.core:jackson-annotations 2.20 or later; this classpath has " + version
                    + ". Manage it to 2.21 in your build (Maven: <dependencyManagement> entry for "
                    + "com.fasterxml.jackson.core:jackson-annotations, version 2.21); Jackson 2 works with it too.");
        }
    }
}

package io.obshell.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.util.OSInfo;

/**
 * Unpacks the native libraries of SQLite's JDBC driver and of the Amazon Corretto Crypto
 * Provider once, into a directory of the launcher's cache, and prints the JVM options that make
 * both load them from there. Left alone, each unpacks its library into a temporary directory at
 * every start: 10 MB read through the signature check of the provider's signed jar and written
 * again, on the start's critical path. Both libraries document these switches
 * ({@code org.sqlite.lib.path}/{@code org.sqlite.lib.name}; the provider's
 * {@code useExternalLib}, which loads from {@code java.library.path}).
 *
 * <p>Run by {@code bin/obshell-emulator} while it prepares its class data sharing archive:
 * {@code java -cp <server jar> io.obshell.emulator.NativeLibraries <directory>}. A library this
 * platform's jar lacks is left out, and the server then unpacks or goes without as before.
 */
public final class NativeLibraries {

    static final String ACCP_LIBRARY = "amazonCorrettoCryptoProvider";
    static final String ACCP_RESOURCE = "com/amazon/corretto/crypto/provider/";

    private NativeLibraries() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: NativeLibraries DIRECTORY");
            System.exit(2);
        }
        for (String option : unpack(Path.of(args[0]))) {
            System.out.println(option);
        }
    }

    /** Unpacks what this platform has into {@code directory}; the JVM options that use it. */
    static List<String> unpack(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path dir = directory.toAbsolutePath().normalize();
        List<String> options = new ArrayList<>();
        String sqliteName = System.mapLibraryName("sqlitejdbc");
        if (copy("org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + sqliteName,
                dir.resolve(sqliteName))) {
            options.add("-Dorg.sqlite.lib.path=" + dir);
            options.add("-Dorg.sqlite.lib.name=" + sqliteName);
        }
        String accpName = System.mapLibraryName(ACCP_LIBRARY);
        if (copy(ACCP_RESOURCE + accpName, dir.resolve(accpName))) {
            options.add("-Djava.library.path=" + dir);
            options.add("-Dcom.amazon.corretto.crypto.provider.useExternalLib=true");
        }
        return options;
    }

    private static boolean copy(String resource, Path target) throws IOException {
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }
}

package io.obshell.emulator.client;

import java.util.List;

/** What a reset put back (component names, in order) and whether the RSA key pair is new. */
public record ResetResult(List<String> reset, boolean keysRegenerated) {
}

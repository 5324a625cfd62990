package io.obshell.emulator.obproxy;

/** Whether an uploaded package matches an upgrade target (obshell's findTargetPkg). */
interface UpgradePackages {

    boolean exists(String version, String buildNumber, String distribution, String architecture);
}

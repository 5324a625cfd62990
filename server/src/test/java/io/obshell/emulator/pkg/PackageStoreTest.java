package io.obshell.emulator.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.obshell.emulator.EmulatorHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The package lookup of the upgrade route (envelope-errors.md §4 "findTargetPkg matching"). */
@EmulatorHttpTest
class PackageStoreTest {

    @Autowired
    PackageStore store;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @BeforeEach
    void empty() {
        store.deleteAll();
    }

    @Test
    void theNewestMatchingPackageWins() {
        long first = upload(TestRpms.obproxy("4.3.3.0").release("5.el7")).pkgId();
        long second = upload(TestRpms.obproxy("4.3.3.0").release("5.el7")).pkgId();
        upload(TestRpms.obproxy("4.3.3.0").release("6.el7"));

        assertThat(second).isGreaterThan(first);
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64"))
                .hasValueSatisfying(found -> assertThat(found.pkgId()).isEqualTo(second));
    }

    @Test
    void everyKeyMustMatchExactly() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));

        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64")).isPresent();
        assertThat(store.findNewest("obproxy", "4.3.3.0", "5", "el7", "x86_64")).isEmpty();
        assertThat(store.findNewest("obproxy-ce", "4.3.3", "5", "el7", "x86_64")).isEmpty();
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "6", "el7", "x86_64")).isEmpty();
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el8", "x86_64")).isEmpty();
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "aarch64")).isEmpty();
    }

    @Test
    void architecturesAreKeptApart() {
        long x86 = upload(TestRpms.obproxy("4.3.3.0").release("5.el7").architecture("x86_64")).pkgId();
        long arm = upload(TestRpms.obproxy("4.3.3.0").release("5.el7").architecture("aarch64")).pkgId();

        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64").orElseThrow().pkgId()).isEqualTo(x86);
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "aarch64").orElseThrow().pkgId()).isEqualTo(arm);
    }

    @Test
    void aThreePartReleaseIsFoundByItsSecondPartOnly() {
        upload(TestRpms.obproxy("4.3.3.0").release("26.el7.x"));

        // obshell stores the second part but the upgrade asks with the last one, so such a
        // package can never be found by the upgrade route.
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "26", "x", "x86_64")).isEmpty();
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "26", "el7", "x86_64")).isPresent();
    }

    @Test
    void theFoundRowCarriesTheStoredFacts() {
        StoredPackage stored = upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));

        StoredPackage found = store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64").orElseThrow();

        assertThat(found).isEqualTo(stored);
        assertThat(found.releaseDistribution()).isEqualTo("5.el7");
        assertThat(found.chunkCount()).isEqualTo(1);
    }

    @Test
    void deleteAllForgetsEveryPackageAndRestartsIds() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));

        store.deleteAll();

        assertThat(store.findAll()).isEmpty();
        assertThat(upload(TestRpms.obproxy("4.3.3.0").release("5.el7")).pkgId()).isEqualTo(1);
    }

    @Test
    void aCheckThatFailsWhileThePackageIsStoredRollsItBackAndUsesNoId() {
        upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));
        Path rpm = TestRpms.obproxy("4.3.3.0").release("6.el7").build(dir);
        RpmInfo checked = ObproxyRpm.check(rpm);
        IllegalStateException failed = new IllegalStateException("the MD5 check failed");

        assertThatThrownBy(() -> store.store(checked, rpm, () -> {
            throw failed;
        })).isSameAs(failed);

        assertThat(store.findAll()).extracting(StoredPackage::releaseDistribution).containsExactly("5.el7");
        assertThat(upload(TestRpms.obproxy("4.3.3.0").release("7.el7")).pkgId()).isEqualTo(2);
    }

    @Test
    void theCheckBeforeTheCommitRunsOnceThePackageIsWritten() {
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").build(dir);
        RpmInfo checked = ObproxyRpm.check(rpm);
        AtomicInteger chunksSeen = new AtomicInteger(-1);

        store.store(checked, rpm, () -> chunksSeen.set(
                jdbc.sql("SELECT COUNT(*) FROM upgrade_pkg_chunk").query(Integer.class).single()));

        assertThat(chunksSeen).hasValue(1);
    }

    @Test
    void aRowWhoseChunksAreNotCommittedYetIsNotSeen() throws Exception {
        StoredPackage whole = upload(TestRpms.obproxy("4.3.3.0").release("5.el7"));
        // What a reader sees between the row's commit (obshell.db) and its chunks' (packages.db).
        jdbc.sql("INSERT INTO upgrade_pkg_info (name, version, release_distribution, distribution, \"release\","
                + " architecture, size, payload_size, chunk_count, md5) SELECT name, version, release_distribution,"
                + " distribution, \"release\", architecture, size, payload_size, chunk_count, md5 FROM upgrade_pkg_info"
                + " WHERE pkg_id = ?").param(whole.pkgId()).update();
        long committing = jdbc.sql("SELECT max(pkg_id) FROM upgrade_pkg_info").query(Long.class).single();

        assertThat(committing).isGreaterThan(whole.pkgId());
        assertThat(store.findAll()).extracting(StoredPackage::pkgId).containsExactly(whole.pkgId());
        assertThat(store.findNewest("obproxy-ce", "4.3.3.0", "5", "el7", "x86_64").orElseThrow().pkgId())
                .isEqualTo(whole.pkgId());
        assertThatThrownBy(() -> store.writeRpm(committing, dir.resolve("x.rpm")))
                .isInstanceOf(IOException.class).hasMessage("record not found");
    }

    @Test
    void writingAnUnknownPackageFailsLikeGorm() {
        assertThatThrownBy(() -> store.writeRpm(42, dir.resolve("x.rpm")))
                .isInstanceOf(IOException.class).hasMessage("record not found");
    }

    @Test
    void aPackageOfSeveralChunksReadsBackWholeAndLeavesNoChunkSizedNativeBuffer() throws Exception {
        byte[] binary = new byte[PackageStore.CHUNK_SIZE + 1_000_000];
        new Random(11).nextBytes(binary);
        Path rpm = TestRpms.obproxy("4.3.3.0").release("5.el7").binary(binary).payloadFlags("0").build(dir);
        RpmInfo checked = ObproxyRpm.check(rpm);
        long directBefore = directMemoryUsed();
        // A thread of its own, alive until the end: the JDK keeps, per thread, a direct buffer
        // as large as the largest heap read of a file that thread made.
        ExecutorService thread = Executors.newSingleThreadExecutor();
        StoredPackage stored;
        long directGrowth;
        try {
            stored = thread.submit(() -> store.store(checked, rpm)).get();
            directGrowth = directMemoryUsed() - directBefore;
        } finally {
            thread.shutdown();
        }

        assertThat(directGrowth).isLessThan(PackageStore.CHUNK_SIZE / 4);
        Path back = dir.resolve("back.rpm");
        store.writeRpm(stored.pkgId(), back);
        assertThat(Files.mismatch(rpm, back)).isEqualTo(-1);
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private StoredPackage upload(TestRpms.Builder builder) {
        Path rpm = builder.build(dir);
        return store.store(ObproxyRpm.check(rpm), rpm);
    }
}

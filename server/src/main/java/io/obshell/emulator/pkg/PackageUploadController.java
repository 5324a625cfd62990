package io.obshell.emulator.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.obshell.emulator.DataDirectory;
import io.obshell.emulator.secure.RouteType;
import io.obshell.emulator.secure.Verify;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/obproxy/package} (envelope-errors.md §2.4, §4): the body, already
 * decrypted, is a multipart form whose {@code file} part is an obproxy RPM. Not gated on the
 * managed state and takes no maintenance lock, as in obshell.
 */
@RestController
@Verify(RouteType.OBPROXY)
class PackageUploadController {

    static final String FIELD = "file";

    private final PackageStore store;
    private final DataDirectory dataDirectory;
    /** One thread per upload being checked (uploads are few at once: EdgeLimits), idle ones end. */
    private final ExecutorService digester = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "package-md5");
        thread.setDaemon(true);
        return thread;
    });

    PackageUploadController(PackageStore store, DataDirectory dataDirectory) {
        this.store = store;
        this.dataDirectory = dataDirectory;
    }

    @PostMapping("/api/v1/obproxy/package")
    UpgradePkgInfo upload(HttpServletRequest request) throws IOException {
        // An encrypted form was read as it was decrypted (PackageUploadReader).
        FormFile prepared = PackageUploadReader.prepared(request);
        if (prepared != null) {
            return store(prepared);
        }
        // The decrypted body of a large upload is a file that is deleted after the request: the
        // stream on it is closed here, or the deleted file holds its disk space until a GC.
        try (InputStream body = request.getInputStream();
                FormFile file = FormFile.read(request.getHeader("Content-Type"), body, FIELD, dataDirectory.tmp())) {
            return store(file);
        }
    }

    /**
     * The MD5 check reads the whole package, as long as storing it: it runs on another core
     * while the package is stored, and the store commits only once it passed. A failed check
     * rolls the store back, so what a client sees is as if it had been checked first.
     */
    private UpgradePkgInfo store(FormFile file) {
        ObproxyRpm.Checked checked = ObproxyRpm.check(file.path(), digester);
        return UpgradePkgInfo.of(store.store(checked.rpm(), file.path(), checked::awaitMd5));
    }

    @PreDestroy
    void stop() {
        digester.shutdown();
    }
}

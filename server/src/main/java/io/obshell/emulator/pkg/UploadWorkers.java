package io.obshell.emulator.pkg;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads a package upload uses besides its request thread, so that it runs on both cores:
 * one reads the form while the request thread decrypts the body, one takes the MD5 while the
 * request thread stores the package. As many as uploads run at once (a few: EdgeLimits bounds
 * them); idle ones end after a minute.
 */
@Component
class UploadWorkers implements Executor, DisposableBean {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "package-upload-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    @Override
    public void destroy() {
        threads.shutdown();
    }
}

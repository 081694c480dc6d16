package dev.firstpass.cli.train;

import dev.firstpass.trainer.run.RunOutcome;
import dev.firstpass.trainer.run.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the jobs of a fleet, each on its own thread, at most {@code parallel} at a time, and closes the
 * ones still running when the JVM is asked to exit (Ctrl-C), which leaves their checkpoints to resume.
 */
final class FleetRunner {

    private final int parallel;

    FleetRunner(int parallel) {
        this.parallel = parallel;
    }

    List<RunOutcome> run(List<TrainingJob> jobs) throws InterruptedException {
        Thread closeOnExit = new Thread(() -> jobs.forEach(TrainingJob::close), "firstpass-train-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallel, jobs.size()), threads());
        try {
            List<Future<RunOutcome>> futures = new ArrayList<>();
            jobs.forEach(job -> futures.add(executor.submit(job::run)));
            List<RunOutcome> outcomes = new ArrayList<>();
            for (Future<RunOutcome> future : futures) {
                outcomes.add(outcome(future));
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // The hook is running or has run; the jobs are being closed anyway.
            }
        }
    }

    private static RunOutcome outcome(Future<RunOutcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // TrainingJob.run reports failures in its outcome; anything thrown here is a bug of ours.
            throw new IllegalStateException("a training run crashed: " + e.getCause(), e.getCause());
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "firstpass-train-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.firstpass.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide settings of DJL's PyTorch engine: offline mode and the number of CPU threads.
 *
 * <p>Both must be set before the engine loads, so every entry point calls {@link #prepare} first.
 * The thread count is process-wide in libtorch: two trainers sharing two cores should each get one.
 */
public final class EngineSettings {

    static final String OFFLINE = "ai.djl.offline";
    static final String THREADS = "ai.djl.pytorch.num_threads";
    static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private EngineSettings() {
    }

    /**
     * Switches DJL to offline mode unless the user chose otherwise (the CPU native jar needs no network;
     * a GPU host that should download libtorch passes -Dai.djl.offline=false) and, when
     * {@code threads} is positive, sets libtorch's intra-op and inter-op thread counts.
     */
    public static synchronized void prepare(int threads) {
        if (System.getProperty(OFFLINE) == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty(OFFLINE, "true");
        }
        if (threads > 0) {
            System.setProperty(THREADS, Integer.toString(threads));
            System.setProperty(INTEROP_THREADS, Integer.toString(threads));
        }
        Engine.getEngine("PyTorch");
        if (threads > 0) {
            // The engine may have loaded before with other settings; the intra-op count can still change.
            JniUtils.setNumThreads(threads);
        }
    }
}

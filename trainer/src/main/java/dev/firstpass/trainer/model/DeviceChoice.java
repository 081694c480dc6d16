package dev.firstpass.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Which device a run trains on: the best available, the CPU, or a GPU that must be there. */
public enum DeviceChoice {
    /** The first GPU when DJL sees one, else the CPU. */
    AUTO,
    CPU,
    /** The first GPU; an error when DJL sees none. */
    GPU;

    /** Parses "auto", "cpu" or "gpu" in any case. */
    public static DeviceChoice parse(String text) {
        for (DeviceChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("device must be auto, cpu or gpu: " + text);
    }

    /**
     * The device to use.
     *
     * @throws IllegalStateException for {@link #GPU} when DJL's PyTorch engine sees no GPU
     */
    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("device gpu was asked for but the PyTorch engine sees no GPU:"
                            + " build with -Pgpu (without the CPU native jar) and make a CUDA libtorch available"
                            + " (PYTORCH_LIBRARY_PATH, or -Dai.djl.offline=false to let DJL download one)");
                }
                yield Device.gpu();
            }
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.firstpass.monitor.adapter;

import java.util.Map;
import java.util.Objects;

/**
 * Creates the input adapters: FirstPass's own JSON, mapped JSON, and InfluxDB line protocol.
 *
 * <p>In code, pass a {@link JsonFieldMapping} or {@link LineProtocolMapping}; from a deployment's
 * flat settings, use {@link #fromConfig}. docs/adapters.md lists every setting with its default.
 */
public final class EpochEventAdapters {

    /** The setting that picks the adapter: {@code native} (the default), {@code json} or {@code line-protocol}. */
    public static final String FORMAT_SETTING = AdapterSettings.FORMAT;
    /** The input topic; read by the monitor, accepted and ignored here. */
    public static final String TOPIC_SETTING = AdapterSettings.TOPIC;

    private EpochEventAdapters() {
    }

    /** FirstPass's own epoch-event JSON, checked by the protocol's rules; the record key is not read. */
    public static EpochEventAdapter nativeJson() {
        return NativeAdapter.INSTANCE;
    }

    /** JSON records of any shape, read through the given field mapping: one event per record. */
    public static EpochEventAdapter jsonMapping(JsonFieldMapping mapping) {
        return new JsonMappingAdapter(Objects.requireNonNull(mapping, "mapping"));
    }

    /** InfluxDB line protocol, one event per point of an accepted measurement. */
    public static EpochEventAdapter lineProtocol(LineProtocolMapping mapping) {
        return new LineProtocolAdapter(Objects.requireNonNull(mapping, "mapping"));
    }

    /**
     * Picks and configures an adapter from flat settings such as {@code input.format=json} and
     * {@code input.json.run_id=job.id}. Keys outside {@code input.} are ignored, so the monitor's
     * whole configuration may be passed.
     *
     * @throws InvalidSettingsException listing every bad, missing or unknown setting at once
     */
    public static EpochEventAdapter fromConfig(Map<String, String> settings) {
        return AdapterSettings.adapter(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The setting key an option of a format is stored under: {@code --input-option run_id=job.id}
     * with {@code --input-format json} is {@code input.json.run_id=job.id}.
     */
    public static String optionSetting(String format, String option) {
        return AdapterSettings.PREFIX + format + "." + option;
    }
}

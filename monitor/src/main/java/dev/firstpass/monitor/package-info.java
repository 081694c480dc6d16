/**
 * The monitor: a Kafka Streams application that follows training runs and publishes their
 * first-passage statistics online, computed by the same {@code core} analysis as
 * {@code firstpass analyze}.
 *
 * <p>{@link dev.firstpass.monitor.MonitorTopology} is the one topology; {@link dev.firstpass.monitor.MonitorApp}
 * runs it with the HTTP queries of {@link dev.firstpass.monitor.query}; {@link dev.firstpass.monitor.MonitorConfig}
 * says how. The steps live in packages by concept: {@code input} (parsing, FirstPass's own records and
 * foreign ones through the input adapters of {@code adapter}), {@code run} (per-run state,
 * passages, plateau, stalls), {@code experiment} (per-experiment state and the analysis schedule),
 * {@code stats} (arms, the shared analysis, the published records), {@code deadletter} and {@code serde}.
 */
package dev.firstpass.monitor;

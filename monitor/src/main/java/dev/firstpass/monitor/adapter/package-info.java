/**
 * Input adapters: turn records of a topic a team already has into {@link dev.firstpass.core.protocol.EpochEvent}s.
 *
 * <p>{@link dev.firstpass.monitor.adapter.EpochEventAdapters} is the one entry point: our own JSON,
 * JSON with a field mapping, and InfluxDB line protocol, each configured in code or from flat
 * {@code input.*} settings. A record an adapter cannot read is rejected with an
 * {@link dev.firstpass.core.protocol.InvalidRecordException} whose reasons are exact and stable,
 * because the monitor forwards them to the dead-letter topic.
 */
package dev.firstpass.monitor.adapter;

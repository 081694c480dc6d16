/**
 * The wire protocol: immutable records for every message on the FirstPass topics, their JSON form,
 * and the rules a message must meet to cross the boundary.
 *
 * <p>{@link dev.firstpass.core.protocol.ProtocolJson} is the one entry point for reading and writing.
 * Records validate themselves when constructed, so a record held in code is always a valid message;
 * parsing reports every problem of a bad message at once in an
 * {@link dev.firstpass.core.protocol.InvalidRecordException}.
 */
package dev.firstpass.core.protocol;

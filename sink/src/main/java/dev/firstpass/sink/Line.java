package dev.firstpass.sink;

/**
 * One point in line protocol, ready to send.
 *
 * @param text the line, without a line break
 * @param leftOut values and keys left out of it because InfluxDB would refuse them (non-finite numbers,
 *     the reserved key {@code time}, empty keys)
 */
public record Line(String text, int leftOut) {
}

package dev.firstpass.monitor.run;

/**
 * The measured metric after one epoch, and the segment (resume count) that reported it.
 *
 * @param segment how many times the run had resumed from a checkpoint when it reported this epoch
 * @param value the metric, non-finite values included
 */
public record EpochValue(int segment, double value) {
}

package dev.firstpass.cli.demo;

import java.util.List;

/**
 * One run of the demo as the report shows it.
 *
 * @param arm the arm the controller assigned, or "unassigned" when it never did
 * @param accuracy test accuracy per epoch, from epoch 1
 * @param kicks the epochs after which a kick acted
 */
record DemoRun(String runId, String arm, List<Double> accuracy, List<Integer> kicks) {
}

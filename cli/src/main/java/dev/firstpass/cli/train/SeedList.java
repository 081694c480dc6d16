package dev.firstpass.cli.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the seeds of a fleet: numbers and inclusive ranges, comma-separated, e.g. "0-15" or "0-3,8,11". */
final class SeedList {

    private static final int MAX_SEEDS = 10_000;

    private SeedList() {
    }

    /**
     * The seeds in the order given, each once.
     *
     * @throws IllegalArgumentException stating the accepted form
     */
    static List<Long> parse(String text) {
        Set<Long> seeds = new LinkedHashSet<>();
        try {
            for (String part : text.split(",", -1)) {
                String item = part.trim();
                int dash = item.indexOf('-', 1);
                if (dash < 0) {
                    seeds.add(Long.parseLong(item));
                    continue;
                }
                long from = Long.parseLong(item.substring(0, dash).trim());
                long to = Long.parseLong(item.substring(dash + 1).trim());
                if (to < from || to - from >= MAX_SEEDS) {
                    throw new NumberFormatException();
                }
                for (long seed = from; seed <= to; seed++) {
                    seeds.add(seed);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be seeds and ascending ranges such as 0-15 or 0-3,8");
        }
        return new ArrayList<>(seeds);
    }
}

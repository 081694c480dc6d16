package dev.firstpass.cli.backtest;

/** Every run at one period, decided beforehand: the baseline (no kicks) or the oracle's best arm. */
final class FixedPeriod implements Strategy {
    private final String name;
    private final int period;

    private FixedPeriod(String name, int period) {
        this.name = name;
        this.period = period;
    }

    static FixedPeriod allBaseline() {
        return new FixedPeriod("all baseline", RecordedGrid.BASELINE);
    }

    /** The arm that was best over all recorded runs, known only in hindsight. */
    static FixedPeriod oracle(int bestPeriod) {
        return new FixedPeriod("oracle (best fixed period)", bestPeriod);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int assign(String runId, int clock) {
        return period;
    }

    @Override
    public boolean exploring(String runId) {
        return false;
    }

    @Override
    public int adopted() {
        return period;
    }
}

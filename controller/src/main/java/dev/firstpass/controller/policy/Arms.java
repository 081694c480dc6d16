package dev.firstpass.controller.policy;

/** The arm names the controller gives, which trainers report back and the monitor groups by. */
public final class Arms {

    /** The monitor's name for the unperturbed runs, which report no arm of their own. */
    public static final String BASELINE = "baseline";

    private Arms() {
    }

    /** The probe arm at period {@code tau0}, e.g. "probe-20". */
    public static String probe(int tau0) {
        return "probe-" + tau0;
    }

    /** The exploited arm at period {@code tau}, e.g. "exploit-10". */
    public static String exploit(int tau) {
        return "exploit-" + tau;
    }
}

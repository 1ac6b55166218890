package pk.gov.punjab.rabta.bus;

/** Dead-letter queue naming: one queue per flow, DLQ.&lt;flow&gt;. */
public final class DeadLetterQueues {
    public static final String PREFIX = "DLQ.";

    private DeadLetterQueues() {
    }

    public static String forFlow(String flow) {
        return PREFIX + flow;
    }
}

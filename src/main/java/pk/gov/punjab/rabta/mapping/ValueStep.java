package pk.gov.punjab.rabta.mapping;

/** One compiled step of a field's pipeline: a transform or a lookup, applied to a non-null value. */
@FunctionalInterface
interface ValueStep {
    Object apply(Object value, String field);

    /** Whether the step takes a whole list (fir-key) rather than each item of a list. */
    default boolean takesWholeList() {
        return false;
    }
}

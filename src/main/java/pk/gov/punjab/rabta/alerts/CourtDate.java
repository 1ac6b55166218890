package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;

/** A hearing of a case as CFMS recorded it: whether the prisoner was produced, and who sought an adjournment. */
public record CourtDate(LocalDate date, String production, String nonProductionReason, String adjournedBy,
                        LocalDate nextDate) {

    public boolean notProduced() {
        return "NOT_PRODUCED".equals(production);
    }

    public boolean produced() {
        return "PRODUCED".equals(production) || "VIDEO_LINK".equals(production);
    }
}

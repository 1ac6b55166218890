package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One rule that holds for one subject on the day it was checked: the dates it used and the records they came from.
 * {@code subject} names the prisoner, case and accused it is about; {@code state} is WARNING before the date the rule names and DUE from it on.
 */
public record Finding(AlertRule rule, String subjectKey, Map<String, Object> subject, String state, LocalDate dueOn,
                      String summary, Map<String, Object> facts, List<String> sources) {

    public static final String WARNING = "WARNING";
    public static final String DUE = "DUE";

    /** The alert's identity: one alert per rule and subject, updated as facts change. */
    public String alertId() {
        return rule.name() + ":" + subjectKey;
    }
}

package pk.gov.punjab.rabta.alerts;

/** One offence section of a case, with the maximum punishment the code table gives it (years, LIFE or DEATH). */
public record Offence(String code, String law, String maxPunishment, boolean capital) {

    /** Juvenile Justice System Act 2018, s.2: minor up to 3 years, major 3 to 7 years, heinous above 7, life or death. */
    public enum JuvenileCategory { MINOR, MAJOR, HEINOUS }

    /** The anti-terrorism law: a 4th-proviso exception to statutory bail. */
    public boolean terrorism() {
        return "ATA".equalsIgnoreCase(law);
    }

    /** Maximum punishment in years; life and death count above any term. */
    public int maxYears() {
        if (maxPunishment == null || maxPunishment.isBlank()) {
            return 0;
        }
        String text = maxPunishment.trim().toUpperCase();
        if (text.equals("DEATH") || text.equals("LIFE")) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notYears) {
            return 0;
        }
    }

    public JuvenileCategory juvenileCategory() {
        int years = maxYears();
        if (years <= 3) {
            return JuvenileCategory.MINOR;
        }
        return years <= 7 ? JuvenileCategory.MAJOR : JuvenileCategory.HEINOUS;
    }
}

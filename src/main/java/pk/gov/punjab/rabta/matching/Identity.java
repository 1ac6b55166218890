package pk.gov.punjab.rabta.matching;

/**
 * What one side knows of a person for matching: the FIR key, the CNIC (digits only), the name and relative's name as
 * matching keys (honorifics and clan words already dropped by the name-key transform), gender and age.
 */
public record Identity(String firKey, String cnic, String nameKey, String relativeNameKey, String relation,
                       String gender, Integer age) {

    public Identity {
        cnic = cnic == null ? null : cnic.replaceAll("[^0-9]", "");
        if (cnic != null && cnic.isEmpty()) {
            cnic = null;
        }
    }
}

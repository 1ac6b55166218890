package pk.gov.punjab.rabta.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One row of the audit log: who did what to which target, when and why, with ids and hashes in details. */
public record AuditEntry(long seq, String at, String actor, String action, String target, String reason, String details,
                         String prevHash, String hash) {
    /** The previous hash of the first row. */
    public static final String GENESIS = "0".repeat(64);

    /** The text the hash covers: every column but the hash itself, in a fixed order, nulls as empty. */
    public static String canonical(long seq, String at, String actor, String action, String target, String reason, String details) {
        return seq + "\n" + at + "\n" + actor + "\n" + action + "\n" + nz(target) + "\n" + nz(reason) + "\n" + nz(details);
    }

    public static String hash(String prevHash, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash this row should carry given its columns. */
    public String expectedHash() {
        return hash(prevHash, canonical(seq, at, actor, action, target, reason, details));
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}

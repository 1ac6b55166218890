package pk.gov.punjab.rabta.support;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A drill on a fresh {@link DrillBed}: made in a temporary directory before the drill, closed after it. */
public abstract class OnDrillBed {
    @TempDir
    protected Path data;

    protected DrillBed bed;

    @BeforeEach
    void makeBed() throws IOException {
        bed = new DrillBed(data);
    }

    @AfterEach
    void closeBed() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }
}

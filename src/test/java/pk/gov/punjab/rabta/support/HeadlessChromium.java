package pk.gov.punjab.rabta.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, driven through its chromedriver, for the console's browser tests. */
public final class HeadlessChromium {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** A browser with a fresh profile in {@code profile}; fails or skips the test as {@link #require} says when absent. */
    public static WebDriver start(Path profile, String... extraArguments) {
        require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), System.getenv(), System.getProperties());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps calling out to a network this machine does not have.
        List<String> arguments = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        arguments.addAll(List.of(extraArguments));
        options.addArguments(arguments);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Without the browser a browser test cannot run: on CI (CI set to anything but false) or with rabta.browser.required=true
     * that is a failure, so the console is never left untested unnoticed; elsewhere it is skipped.
     */
    public static void require(boolean present, Map<String, String> environment, Properties properties) {
        if (present) {
            return;
        }
        String missing = "the console browser tests need /usr/bin/chromium and /usr/bin/chromedriver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)";
        String ci = environment.get("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            Assertions.fail("CI is set, so a missing browser fails this test: " + missing);
        }
        if (Boolean.parseBoolean(properties.getProperty("rabta.browser.required"))) {
            Assertions.fail("rabta.browser.required=true, so a missing browser fails this test: " + missing);
        }
        Assumptions.abort("Skipped: " + missing);
    }
}

package pk.gov.punjab.rabta.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.demo.DemoAlertCases;
import pk.gov.punjab.rabta.register.SynchronisedRecords;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.HeadlessChromium;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * The under-trial prisoners' page in a real headless Chromium: the report's figures and charts match the known
 * cases, and an operator confirms the candidate in the review queue.
 */
@Tag("browser")
// A bus of its own (the property sets it apart from the shared test context): exact figures need databases no other
// test wrote to.
@TestPropertySource(properties = "rabta.alerts.address=utp-alerts")
@DirtiesContext
class UtpConsoleBrowserTests extends BusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Karachi"));

    @Autowired
    AlertWatch watch;

    @Autowired
    SynchronisedRecords records;

    @Autowired
    JdbcTemplate state;

    @Value("${local.server.port}")
    int port;

    @TempDir
    Path profile;

    WebDriver browser;

    @BeforeEach
    void startChromium() {
        browser = HeadlessChromium.start(profile, "--window-size=1400,1100");
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theReportShowsTheKnownFiguresAndAnOperatorConfirmsTheCandidate() throws Exception {
        new DemoAlertCases(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), TODAY).install();
        await().atMost(WAIT).until(() -> records.count("custody-episode") == 19 && records.count("person") == 21 && records.count("order") == 2
                && records.count("case") == 20 && records.count("court-event") == 21);
        watch.runOnce(TODAY);

        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + port + "/console/utp.html");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(TestUsers.OPERATOR);
        browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), TestUsers.OPERATOR));
        if (!browser.getCurrentUrl().contains("utp.html")) {
            browser.get("http://127.0.0.1:" + port + "/console/utp.html");
        }

        WebElement underTrial = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".card[data-label='Under trial'] .card-value")));
        assertThat(underTrial.getText()).isEqualTo(String.valueOf(DemoAlertCases.UNDER_TRIAL));
        assertThat(browser.findElement(By.cssSelector(".card[data-label='Women'] .card-value")).getText()).isEqualTo(String.valueOf(DemoAlertCases.WOMEN));
        assertThat(browser.findElement(By.cssSelector("#chart-alerts .bar-row[data-label='STATUTORY_BAIL'] .bar-value")).getText())
                .isEqualTo(String.valueOf(DemoAlertCases.EXPECTED.get("STATUTORY_BAIL")));
        assertThat(browser.findElement(By.cssSelector("#chart-bands .bar-row[data-label='under 3 months'] .bar-value")).getText())
                .isEqualTo(String.valueOf(DemoAlertCases.BANDS[0]));
        assertThat(browser.findElement(By.cssSelector("#chart-not-produced .bar-row[data-label='" + DemoAlertCases.NOT_PRODUCED_REASON + "'] .bar-value"))
                .getText()).isEqualTo("1");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/utp-console.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("button[data-view=alerts]")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#alert-rows tr"),
                DemoAlertCases.EXPECTED.values().stream().mapToInt(Integer::intValue).sum()));

        browser.findElement(By.cssSelector("button[data-view=review]")).click();
        WebElement candidate = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#review-rows tr")));
        assertThat(candidate.getText()).contains("MOHD. ARSHAD KHAN").contains("Muhammad Arshad Khan").contains("cnic: differs");
        String linkId = candidate.getAttribute("data-link");
        candidate.findElement(By.tagName("input")).sendKeys("same father and FIR; CNIC mistyped by one digit");
        candidate.findElement(By.cssSelector("button[data-test=confirm]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Confirmed"));
        assertThat(state.queryForObject("SELECT state FROM rabta_link WHERE id = ?", String.class, linkId)).isEqualTo("CONFIRMED");
        assertThat(state.queryForObject("SELECT actor FROM rabta_audit WHERE action = 'link.confirmed' AND target = ?", String.class, linkId))
                .isEqualTo(TestUsers.OPERATOR);
    }
}

package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.bus.BusSender;
import pk.gov.punjab.rabta.support.BusTestSupport;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * The web console in a real headless Chromium: an operator logs in with the form, finds a dead letter, replays it
 * and sees it delivered. Needs Debian's chromium and chromium-driver (.ci/run installs them); skipped without them.
 */
@Tag("browser")
@TestPropertySource(properties = "rabta.bus.defaults.max-delivery-attempts=1")
class ConsoleBrowserTests extends BusTestSupport {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BusSender sender;

    @Autowired
    TestRestTemplate anonymous;

    @Autowired
    JdbcTemplate state;

    @Value("${local.server.port}")
    int port;

    @TempDir
    Path profile;

    WebDriver browser;

    @BeforeEach
    void startChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the console browser test needs /usr/bin/chromium and /usr/bin/chromedriver"
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorLogsInFindsADeadLetterReplaysItAndSeesItDelivered() throws Exception {
        long admission = 980_001;
        DeadLetterMaker maker = new DeadLetterMaker(camel, producer, sender);
        DeadLetterMaker.refuseRemands(cfms(), "refuses_980001", admission, admission);
        maker.publishRemands(admission, 1);
        TestRestTemplate operator = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
        String deadLetterId = await().atMost(WAIT).until(() -> {
            JsonNode items = operator.getForObject("/api/ops/dead-letters?entityKey=" + DeadLetterMaker.entityKey(admission), JsonNode.class).get("items");
            return items.isEmpty() ? null : items.get(0).get("deadLetterId").asText();
        }, id -> id != null);
        DeadLetterMaker.allow(cfms(), "refuses_980001");
        long deliveredBefore = delivered(operator);

        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get("http://127.0.0.1:" + port + "/console/index.html");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(TestUsers.OPERATOR);
        browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), TestUsers.OPERATOR));

        browser.findElement(By.cssSelector("button[data-view=letters]")).click();
        browser.findElement(By.name("entityKey")).sendKeys(DeadLetterMaker.entityKey(admission));
        browser.findElement(By.id("search")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-id='" + deadLetterId + "']")));
        assertThat(row.getText()).contains("TARGET_REJECTED").contains(DeadLetterMaker.entityKey(admission));
        row.findElement(By.cssSelector("button[data-test=replay]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Replayed " + deadLetterId));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + deadLetterId + "']")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(cfms().queryForList(
                "SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission)).containsExactly("JUDICIAL_REMAND"));
        await().atMost(WAIT).untilAsserted(() -> {
            browser.findElement(By.cssSelector("button[data-view=flows]")).click();
            WebElement delivered = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("tr[data-flow='" + DeadLetterMaker.FLOW + "'] td[data-test=delivered]")));
            assertThat(Long.parseLong(delivered.getText())).isEqualTo(deliveredBefore + 1);
        });
        assertThat(state.queryForList("SELECT actor FROM rabta_audit WHERE action = 'dead-letter.replayed' AND target = ?", String.class,
                deadLetterId)).containsExactly(TestUsers.OPERATOR);
    }

    private static long delivered(TestRestTemplate operator) {
        for (JsonNode flow : operator.getForObject("/api/ops/flows", JsonNode.class)) {
            if (flow.get("flow").asText().equals(DeadLetterMaker.FLOW)) {
                return flow.get("delivered").asLong();
            }
        }
        throw new AssertionError("no flow " + DeadLetterMaker.FLOW);
    }
}

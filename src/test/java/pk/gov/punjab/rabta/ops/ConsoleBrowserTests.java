package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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
import pk.gov.punjab.rabta.support.HeadlessChromium;
import pk.gov.punjab.rabta.support.DeadLetterMaker;
import pk.gov.punjab.rabta.support.TestUsers;

/**
 * The web console in a real headless Chromium: operators log in with the form, find, replay (one or a selection, at
 * a rate, with progress), page through, export and discard dead letters, pause and resume a flow, propose an edit that
 * a second person approves, and read the audit log. Needs Debian's chromium and chromium-driver (.ci/run installs
 * them): without them it fails when CI is set or rabta.browser.required=true, and is skipped otherwise.
 */
@Tag("browser")
@TestPropertySource(properties = "rabta.bus.defaults.max-delivery-attempts=1")
class ConsoleBrowserTests extends BusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);

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

    WebDriverWait wait;

    @BeforeEach
    void startChromium() {
        browser = HeadlessChromium.start(profile);
        wait = new WebDriverWait(browser, WAIT) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                // What the console said is what tells a failed request from a slow one.
                return super.timeoutException(message + "; the console's notice reads: " + notice(), lastException);
            }
        };
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorLogsInFindsADeadLetterReplaysItSeesItDeliveredAndPausesAndResumesAFlow() throws Exception {
        long admission = 980_001;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_980001", admission, admission);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 1);
        String deadLetterId = awaitLetter(admission);
        DeadLetterMaker.allow(cfms(), "refuses_980001");
        long deliveredBefore = delivered();

        logIn(TestUsers.OPERATOR);
        openTab("letters");
        browser.findElement(By.name("entityKey")).sendKeys(DeadLetterMaker.entityKey(admission));
        browser.findElement(By.id("search")).click();
        // The list is drawn when the tab opens and again for the search: the row is found afresh until it stays put.
        By letterRow = By.cssSelector("tr[data-id='" + deadLetterId + "']");
        String rowText = wait.until(d -> {
            WebElement row = d.findElement(letterRow);
            return row.isDisplayed() ? row.getText() : null;
        });
        assertThat(rowText).contains("TARGET_REJECTED").contains(DeadLetterMaker.entityKey(admission));
        wait.until(d -> {
            d.findElement(letterRow).findElement(By.cssSelector("button[data-test=replay]")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Replayed " + deadLetterId));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + deadLetterId + "']")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(admission)).containsExactly("JUDICIAL_REMAND"));
        await().atMost(WAIT).untilAsserted(() -> {
            openTab("flows");
            WebElement delivered = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("tr[data-flow='" + DeadLetterMaker.FLOW + "'] td[data-test=delivered]")));
            assertThat(Long.parseLong(delivered.getText())).isEqualTo(deliveredBefore + 1);
        });
        assertThat(state.queryForList("SELECT actor FROM rabta_audit WHERE action = 'dead-letter.replayed' AND target = ?", String.class,
                deadLetterId)).containsExactly(TestUsers.OPERATOR);

        String flow = "cfms-hearings-to-pmis";
        long auditBefore = state.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM rabta_audit", Long.class);
        browser.findElement(By.id("reason")).sendKeys("PMIS maintenance window");
        browser.findElement(By.cssSelector("tr[data-flow='" + flow + "'] button[data-test=pause]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-flow='" + flow + "'] td[data-test=state]"), "PAUSED"));
        assertThat(flowState(flow)).isEqualTo("PAUSED");
        browser.findElement(By.id("reason")).clear();
        browser.findElement(By.cssSelector("tr[data-flow='" + flow + "'] button[data-test=resume]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-flow='" + flow + "'] td[data-test=state]"), "RUNNING"));
        assertThat(flowState(flow)).isEqualTo("RUNNING");
        assertThat(state.queryForList("SELECT action || ' ' || actor || ' ' || COALESCE(reason, '-') FROM rabta_audit WHERE target = ? AND seq > ?"
                + " ORDER BY seq", String.class, flow, auditBefore)).containsExactly("flow.paused olga PMIS maintenance window", "flow.resumed olga -");
    }

    @Test
    void anOperatorProposesAnEditAndASecondUserWithTheApproverRoleApprovesItInTheConsoleAndTheRecordIsDelivered() throws Exception {
        long admission = 980_101;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_980101", admission, admission);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 1);
        String deadLetterId = awaitLetter(admission);

        logIn(TestUsers.OPERATOR);
        openTab("letters");
        browser.findElement(By.name("entityKey")).sendKeys(DeadLetterMaker.entityKey(admission));
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-id='" + deadLetterId + "'] td[data-test=open]"))).click();
        // The letter in full, scrolled inside its box: its DOM text, not only the part on screen.
        wait.until(driver -> driver.findElement(By.id("detail-json")).getDomProperty("textContent").contains("\"deadLetterId\": \"" + deadLetterId + "\""));
        assertThat(browser.findElement(By.id("detail-json")).getDomProperty("textContent")).contains("\"status\": \"JUDICIAL_REMAND\"");
        browser.findElement(By.id("edit-patch")).sendKeys("[{\"op\": \"replace\", \"path\": \"/payload/status\", \"value\": \"UNDER_TRIAL\"}]");
        browser.findElement(By.id("edit-reason")).sendKeys("remand order was quashed on 01/11");
        browser.findElement(By.id("edit-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "waits for approval by someone else"));
        String editId = browser.findElement(By.id("notice")).getText().split(" ")[1];
        openTab("edits");
        WebElement pending = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-edit='" + editId + "']")));
        assertThat(pending.getText()).contains("PENDING").contains(TestUsers.OPERATOR).contains("remand order was quashed");
        assertThat(pending.findElements(By.cssSelector("button[data-test=approve]"))).as("an operator without the approver role").isEmpty();
        Thread.sleep(1_000);
        assertThat(inbox(admission)).as("not delivered before approval").isEmpty();

        browser.findElement(By.id("logout-button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        logIn(TestUsers.APPROVER);
        openTab("edits");
        browser.findElement(By.id("reason")).sendKeys("checked against the court order");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-edit='" + editId + "'] button[data-test=approve]"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-edit='" + editId + "'] td[data-test=state]"), "APPROVED"));
        assertThat(browser.findElement(By.cssSelector("tr[data-edit='" + editId + "']")).getText()).contains(TestUsers.APPROVER);
        await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(admission)).containsExactly("UNDER_TRIAL"));

        openTab("audit");
        List<String> forEdit = auditRows(editId, 2);
        assertThat(forEdit.get(0)).contains(TestUsers.APPROVER).contains("dead-letter.edit-approved").contains("checked against the court order");
        assertThat(forEdit.get(1)).contains(TestUsers.OPERATOR).contains("dead-letter.edit-proposed").contains("remand order was quashed on 01/11");
        List<String> forLetter = auditRows(deadLetterId, 2);
        assertThat(forLetter.get(0)).contains(TestUsers.APPROVER).contains("dead-letter.replayed").contains("approved edit " + editId);
        assertThat(forLetter.get(1)).contains("bus").contains("message.dead-lettered");
        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "Intact: "));
        DeadLetterMaker.allow(cfms(), "refuses_980101");
    }

    @Test
    void anOperatorPagesThroughLettersReplaysASelectionOfTwoAtARateWithProgressExportsAndDiscardsTheLast() throws Exception {
        long admission = 980_201;
        DeadLetterMaker.refuseRemands(cfms(), "refuses_980201", admission, admission + 2);
        new DeadLetterMaker(camel, producer, sender).publishRemands(admission, 3);
        String first = awaitLetter(admission);
        String second = awaitLetter(admission + 1);
        String third = awaitLetter(admission + 2);
        DeadLetterMaker.allow(cfms(), "refuses_980201");

        logIn(TestUsers.OPERATOR);
        openTab("letters");
        browser.findElement(By.name("q")).sendKeys("refuses_980201");
        WebElement pageSize = browser.findElement(By.id("page-size"));
        pageSize.clear();
        pageSize.sendKeys("2", Keys.TAB);
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-info"), "1\u20132 of 3"));
        assertThat(browser.findElements(By.cssSelector("#letter-rows tr"))).hasSize(2);
        browser.findElement(By.id("page-next")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-info"), "3\u20133 of 3"));
        assertThat(browser.findElements(By.cssSelector("#letter-rows tr"))).hasSize(1);
        assertThat(browser.findElement(By.id("page-next")).isEnabled()).isFalse();
        browser.findElement(By.id("page-previous")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-info"), "1\u20132 of 3"));
        pageSize = browser.findElement(By.id("page-size"));
        pageSize.clear();
        pageSize.sendKeys("50", Keys.TAB);
        wait.until(ExpectedConditions.textToBe(By.id("page-info"), "1\u20133 of 3"));

        String csv = fetchInBrowser(browser.findElement(By.id("export-csv")).getAttribute("href"));
        assertThat(csv).startsWith("deadLetterId,flow,reason,").contains("\n" + first + ",").contains("\n" + second + ",").contains("\n" + third + ",");
        assertThat(browser.findElement(By.id("export-json")).getAttribute("href")).contains("format=json").contains("q=refuses_980201");

        browser.findElement(By.cssSelector("tr[data-id='" + first + "'] input[data-test=pick]")).click();
        browser.findElement(By.cssSelector("tr[data-id='" + third + "'] input[data-test=pick]")).click();
        browser.findElement(By.id("replay-rate")).sendKeys("1");
        browser.findElement(By.id("reason")).sendKeys("two checked by hand");
        browser.findElement(By.id("replay-selected")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "of 2 replayed"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "DONE: 2 of 2 replayed, 0 failed"));
        assertThat(browser.findElement(By.id("job-bar")).getAttribute("value")).isEqualTo("2");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + first + "']")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + third + "']")));
        assertThat(browser.findElement(By.cssSelector("tr[data-id='" + second + "']")).isDisplayed()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(inbox(admission)).containsExactly("JUDICIAL_REMAND");
            assertThat(inbox(admission + 2)).containsExactly("JUDICIAL_REMAND");
        });
        assertThat(inbox(admission + 1)).as("not ticked, not replayed").isEmpty();
        assertThat(state.queryForList("SELECT target FROM rabta_audit WHERE action = 'dead-letter.replayed' AND target IN (?, ?, ?)", String.class,
                first, second, third)).containsExactlyInAnyOrder(first, third);
        assertThat(state.queryForObject("SELECT details FROM rabta_audit WHERE action = 'dead-letters.replay-started' AND details LIKE ?",
                String.class, "%" + first + "%")).contains("\"ratePerSecond\":1.0");

        browser.findElement(By.id("reason")).clear();
        browser.findElement(By.cssSelector("tr[data-id='" + second + "'] button[data-test=discard]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "A discard needs a reason"));
        browser.findElement(By.id("reason")).sendKeys("entered twice in PMIS");
        browser.findElement(By.cssSelector("tr[data-id='" + second + "'] button[data-test=discard]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Discarded " + second));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-id='" + second + "']")));
        assertThat(state.queryForObject("SELECT actor || ' ' || reason FROM rabta_audit WHERE action = 'dead-letter.discarded' AND target = ?",
                String.class, second)).isEqualTo(TestUsers.OPERATOR + " entered twice in PMIS");
    }

    private String notice() {
        try {
            return browser.findElement(By.id("notice")).getText();
        } catch (RuntimeException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private void logIn(String user) {
        browser.get("http://127.0.0.1:" + port + "/console/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), user + " ("));
    }

    private void openTab(String view) {
        browser.findElement(By.cssSelector("button[data-view=" + view + "]")).click();
        wait.until(ExpectedConditions.attributeContains(By.id(view), "class", "active"));
    }

    /** The audit view's rows for a target, newest first, once it shows at least so many. */
    private List<String> auditRows(String target, int atLeast) {
        WebElement targetFilter = browser.findElement(By.cssSelector("#audit-filter input[name=target]"));
        targetFilter.clear();
        targetFilter.sendKeys(target);
        browser.findElement(By.id("audit-search")).click();
        wait.until(driver -> driver.findElements(By.cssSelector("#audit-rows tr")).size() >= atLeast
                && driver.findElements(By.cssSelector("#audit-rows tr")).stream().allMatch(row -> row.getText().contains(target)));
        return browser.findElements(By.cssSelector("#audit-rows tr")).stream().map(WebElement::getText).toList();
    }

    /** A GET in the browser's own session, as its download link would make it. */
    private String fetchInBrowser(String url) {
        Object text = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0], {credentials: 'same-origin'})"
                        + ".then(r => r.text()).then(done, e => done('failed: ' + e));", url);
        return String.valueOf(text);
    }

    private String awaitLetter(long admission) {
        TestRestTemplate operator = anonymous.withBasicAuth(TestUsers.OPERATOR, TestUsers.PASSWORD);
        return await().atMost(WAIT).until(() -> {
            JsonNode items = operator.getForObject("/api/ops/dead-letters?entityKey=" + DeadLetterMaker.entityKey(admission), JsonNode.class).get("items");
            return items.isEmpty() ? null : items.get(0).get("deadLetterId").asText();
        }, id -> id != null);
    }

    private List<String> inbox(long admission) {
        return cfms().queryForList("SELECT custody_status FROM pmis_custody_inbox WHERE admission_id = ?", String.class, admission);
    }

    private long delivered() {
        return flow(DeadLetterMaker.FLOW).get("delivered").asLong();
    }

    private String flowState(String flow) {
        return flow(flow).get("state").asText();
    }

    private JsonNode flow(String flow) {
        return anonymous.withBasicAuth(TestUsers.VIEWER, TestUsers.PASSWORD).getForObject("/api/ops/flows/" + flow, JsonNode.class);
    }
}

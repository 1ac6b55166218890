package pk.gov.punjab.rabta.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import pk.gov.punjab.rabta.support.HeadlessChromium;

/** When Chromium is missing, the console browser test fails on CI or when asked to, and is skipped only otherwise. */
class ConsoleBrowserRequirementTests {
    @Test
    void aMissingBrowserFailsWhenCiIsSet() {
        assertThatThrownBy(() -> HeadlessChromium.require(false, Map.of("CI", "true"), new Properties()))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI is set").hasMessageContaining("/usr/bin/chromium");
        assertThatThrownBy(() -> HeadlessChromium.require(false, Map.of("CI", "1"), new Properties()))
                .isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void aMissingBrowserFailsWhenTheBuildRequiresIt() {
        Properties required = new Properties();
        required.setProperty("rabta.browser.required", "true");
        assertThatThrownBy(() -> HeadlessChromium.require(false, Map.of(), required))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("rabta.browser.required=true");
    }

    @Test
    void aMissingBrowserIsSkippedOnlyWhenNeitherAsksForIt() {
        assertThatThrownBy(() -> HeadlessChromium.require(false, Map.of(), new Properties()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("Skipped");
        assertThatThrownBy(() -> HeadlessChromium.require(false, Map.of("CI", "false"), new Properties()))
                .isInstanceOf(TestAbortedException.class);
        assertThatCode(() -> HeadlessChromium.require(true, Map.of("CI", "true"), new Properties())).doesNotThrowAnyException();
    }
}

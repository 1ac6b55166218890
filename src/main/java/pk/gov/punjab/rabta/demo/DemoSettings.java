package pk.gov.punjab.rabta.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * rabta.demo.*: whether the demo CFMS and PMIS are installed, how much they start with, how busy they are, and whether
 * the demo PMIS pushes its releases to the bus.
 */
@ConfigurationProperties("rabta.demo")
public class DemoSettings {
    private boolean enabled = true;
    private int seedCases = 150;
    private int activityPerMinute = 60;
    private int badRecordPercent = 2;
    /** Whether the demo PMIS also pushes each release it records to the bus's /soap/pmis/releases, as PMIS does. */
    private boolean pushReleases = false;
    private final ReleasePush releasePush = new ReleasePush();
    private boolean alertCases = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getSeedCases() {
        return seedCases;
    }

    public void setSeedCases(int seedCases) {
        this.seedCases = seedCases;
    }

    public int getActivityPerMinute() {
        return activityPerMinute;
    }

    public void setActivityPerMinute(int activityPerMinute) {
        this.activityPerMinute = activityPerMinute;
    }

    public int getBadRecordPercent() {
        return badRecordPercent;
    }

    public void setBadRecordPercent(int badRecordPercent) {
        this.badRecordPercent = badRecordPercent;
    }

    public boolean isPushReleases() {
        return pushReleases;
    }

    public void setPushReleases(boolean pushReleases) {
        this.pushReleases = pushReleases;
    }

    public ReleasePush getReleasePush() {
        return releasePush;
    }

    /** rabta.demo.release-push.*: the UsernameToken the demo PMIS pushes releases with (one of rabta.soap.users). */
    public static class ReleasePush {
        private String username = "pmis";
        private String password = "";

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** Whether a fresh demo also gets the fixed under-trial cases that show each kind of alert (DemoAlertCases). */
    public boolean isAlertCases() {
        return alertCases;
    }

    public void setAlertCases(boolean alertCases) {
        this.alertCases = alertCases;
    }
}

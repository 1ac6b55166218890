package pk.gov.punjab.rabta.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** rabta.demo.*: whether the demo CFMS and PMIS are installed, how much they start with, and how busy they are. */
@ConfigurationProperties("rabta.demo")
public class DemoSettings {
    private boolean enabled = true;
    private int seedCases = 150;
    private int activityPerMinute = 60;
    private int badRecordPercent = 2;
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

    /** Whether a fresh demo also gets the fixed under-trial cases that show each kind of alert (DemoAlertCases). */
    public boolean isAlertCases() {
        return alertCases;
    }

    public void setAlertCases(boolean alertCases) {
        this.alertCases = alertCases;
    }
}

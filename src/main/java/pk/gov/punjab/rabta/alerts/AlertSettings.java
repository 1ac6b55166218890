package pk.gov.punjab.rabta.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** rabta.alerts.*: how far ahead the rules warn, and the waits the law or practice allows before an alert. */
@ConfigurationProperties("rabta.alerts")
public class AlertSettings {
    private boolean enabled = true;
    private Duration interval = Duration.ofSeconds(30);
    private int statutoryBailWarningDays = 30;
    private int challanDays = 17;
    private int remandDays = 15;
    private int remandWarningDays = 2;
    private int bailReleaseDays = 3;
    private int orphanGraceDays = 2;
    private int juvenileHeinousMonths = 6;
    private String address = "utp-alerts";
    private List<String> queues = new ArrayList<>(List.of("utp-alerts.cfms", "utp-alerts.pmis"));

    /** Whether the bus links prisoners to cases and raises alerts at all. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** How often links and alerts are worked out again from the synchronised records. */
    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    /** Days before the statutory-bail date that a WARNING is raised. */
    public int getStatutoryBailWarningDays() {
        return statutoryBailWarningDays;
    }

    public void setStatutoryBailWarningDays(int statutoryBailWarningDays) {
        this.statutoryBailWarningDays = statutoryBailWarningDays;
    }

    /** s.173: 14 days for the report plus 3 for an interim challan. */
    public int getChallanDays() {
        return challanDays;
    }

    public void setChallanDays(int challanDays) {
        this.challanDays = challanDays;
    }

    /** s.344: the longest a remand warrant runs without a new order. */
    public int getRemandDays() {
        return remandDays;
    }

    public void setRemandDays(int remandDays) {
        this.remandDays = remandDays;
    }

    /** Days before a remand lapses that a WARNING is raised. */
    public int getRemandWarningDays() {
        return remandWarningDays;
    }

    public void setRemandWarningDays(int remandWarningDays) {
        this.remandWarningDays = remandWarningDays;
    }

    /** Days after a bail order that a prisoner still held is reported. */
    public int getBailReleaseDays() {
        return bailReleaseDays;
    }

    public void setBailReleaseDays(int bailReleaseDays) {
        this.bailReleaseDays = bailReleaseDays;
    }

    /** Days a record waits for its counterpart in the other system before it is reported as an orphan. */
    public int getOrphanGraceDays() {
        return orphanGraceDays;
    }

    public void setOrphanGraceDays(int orphanGraceDays) {
        this.orphanGraceDays = orphanGraceDays;
    }

    /** JJSA s.6(5): months of detention for a heinous offence after which a juvenile is eligible for bail. */
    public int getJuvenileHeinousMonths() {
        return juvenileHeinousMonths;
    }

    public void setJuvenileHeinousMonths(int juvenileHeinousMonths) {
        this.juvenileHeinousMonths = juvenileHeinousMonths;
    }

    /** The Artemis address alerts are published on; each consumer (CFMS, PMIS, others) has a queue of its own. */
    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    /** The queue of each department's alert flow (routes rabta-alerts-to-*), which gets every alert version too. */
    public List<String> getQueues() {
        return queues;
    }

    public void setQueues(List<String> queues) {
        this.queues = queues;
    }
}

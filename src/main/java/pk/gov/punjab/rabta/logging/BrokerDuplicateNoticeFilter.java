package pk.gov.punjab.rabta.logging;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the broker's notice of each duplicate it discards: a replayed batch is expected and harmless, and the notice
 * prints the whole message, names and CNICs included.
 */
public class BrokerDuplicateNoticeFilter extends TurboFilter {
    private static final String DUPLICATE_NOTICE = "AMQ222059";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && logger.getName().startsWith("org.apache.activemq.artemis") && format.contains(DUPLICATE_NOTICE)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}

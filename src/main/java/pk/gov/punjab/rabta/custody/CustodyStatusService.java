package pk.gov.punjab.rabta.custody;

import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.xml.namespace.QName;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.soap.SoapEndpoints;
import pk.gov.punjab.rabta.soap.SoapFaults;
import pk.gov.punjab.rabta.soap.SoapXml;

/**
 * The custody status service at /soap/custody-status: is this accused (by CNIC or FIR key) in custody, in which jail,
 * since when, and the next court production. Answered from what the bus has already synchronised into the
 * departments' own inboxes (custody episodes in CFMS's pmis_custody_inbox, production requests in PMIS's
 * CRT_PROD_INBX), so the answer is what the two departments themselves hold, with no third copy to keep in step.
 */
@Component
@ConditionalOnWebApplication
public class CustodyStatusService extends RouteBuilder {
    public static final String NAMESPACE = "urn:pk:gov:punjab:rabta:custody-status:v1";
    public static final String PATH = "/custody-status";
    static final QName SERVICE = new QName(NAMESPACE, "CustodyStatusService");
    static final QName PORT = new QName(NAMESPACE, "CustodyStatusPort");

    private static final Pattern FIR_KEY = Pattern.compile("[A-Z]{2,5}-[A-Z0-9]{1,5}-\\d{1,7}-\\d{4}");
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final List<String> CLOSED_STATUSES = List.of("RELEASED", "TRANSFERRED");

    private final SoapEndpoints endpoints;
    private final ConnectorRegistry connectors;
    private final String episodesConnector;
    private final String productionsConnector;

    public CustodyStatusService(SoapEndpoints endpoints, ConnectorRegistry connectors,
                                @Value("${rabta.custody-status.episodes-connector:cfms-db}") String episodesConnector,
                                @Value("${rabta.custody-status.productions-connector:pmis-db}") String productionsConnector) {
        this.endpoints = endpoints;
        this.connectors = connectors;
        this.episodesConnector = episodesConnector;
        this.productionsConnector = productionsConnector;
    }

    @Override
    public void configure() {
        from(endpoints.served(PATH, endpoints.wsdl("custody-status.wsdl"), SERVICE, PORT))
                .routeId("custody-status-service")
                .routeGroup("soap-services")
                // A fault goes back to the caller as it is; there is nothing to retry or dead-letter.
                .errorHandler(noErrorHandler())
                .process(this::answer);
    }

    void answer(Exchange exchange) {
        Element request = SoapXml.request(exchange, NAMESPACE, "getCustodyStatus");
        String cnic = SoapXml.text(request, "cnic");
        String firKey = SoapXml.text(request, "firKey");
        if ((cnic == null) == (firKey == null)) {
            throw SoapFaults.client("BadRequest", "give exactly one of cnic or firKey");
        }
        List<Map<String, Object>> episodes;
        try {
            if (cnic != null) {
                String digits = cnic.replace("-", "");
                if (!digits.matches("\\d{13}")) {
                    throw SoapFaults.client("MalformedCnic", "a CNIC has 13 digits, written 35202-1234567-1 or 3520212345671");
                }
                episodes = episodes("cnic", digits);
            } else {
                String key = firKey.toUpperCase(Locale.ROOT);
                if (!FIR_KEY.matcher(key).matches()) {
                    throw SoapFaults.client("MalformedFirKey", "a FIR key is station-number-year, e.g. LHR-014-123-2025");
                }
                episodes = episodes("fir_key", key);
                if (episodes.isEmpty() && productionDates(key).isEmpty()) {
                    throw SoapFaults.client("UnknownFir", "no custody or court production record for FIR " + key);
                }
            }
        } catch (DataAccessException e) {
            throw SoapFaults.server("StoreUnavailable", "the synchronised records cannot be read now; ask again later");
        }
        exchange.getMessage().setBody(SoapXml.payload(response(episodes)));
    }

    private Element response(List<Map<String, Object>> episodes) {
        Element response = SoapXml.element(NAMESPACE, "getCustodyStatusResponse");
        SoapXml.add(response, "inCustody", episodes.stream().anyMatch(CustodyStatusService::isOpen));
        for (Map<String, Object> row : episodes) {
            Element episode = SoapXml.add(response, "episode");
            SoapXml.add(episode, "jailCode", row.get("jail_code"));
            SoapXml.add(episode, "jailName", row.get("jail_name"));
            SoapXml.add(episode, "prisonerNumber", row.get("prisoner_number"));
            SoapXml.add(episode, "firKey", row.get("fir_key"));
            SoapXml.add(episode, "status", row.get("custody_status"));
            SoapXml.add(episode, "inCustody", isOpen(row));
            SoapXml.add(episode, "since", isoDate(row.get("admitted_on")));
            SoapXml.add(episode, "releasedOn", isoDate(row.get("released_on")));
            if (isOpen(row) && row.get("fir_key") != null) {
                SoapXml.add(episode, "nextProductionDate", nextProduction(row.get("fir_key").toString()).orElse(null));
            }
        }
        return response;
    }

    private List<Map<String, Object>> episodes(String column, String value) {
        List<Map<String, Object>> rows = new JdbcTemplate(connectors.dataSource(episodesConnector)).queryForList(
                "SELECT jail_code, jail_name, prisoner_number, fir_key, custody_status, admitted_on, released_on"
                        + " FROM pmis_custody_inbox WHERE " + column + " = ?", value);
        return rows.stream()
                .sorted(Comparator.comparing((Map<String, Object> r) -> !isOpen(r))
                        .thenComparing(r -> r.get("admitted_on") == null ? "" : r.get("admitted_on").toString(), Comparator.reverseOrder()))
                .toList();
    }

    private List<String> productionDates(String firKey) {
        return new JdbcTemplate(connectors.dataSource(productionsConnector))
                .queryForList("SELECT HRG_DT FROM CRT_PROD_INBX WHERE FIR_KEY = ?", String.class, firKey);
    }

    /** PMIS keeps dates as dd/MM/yyyy text, so the earliest one from today on is found here rather than in SQL. */
    private Optional<LocalDate> nextProduction(String firKey) {
        LocalDate today = LocalDate.now();
        return productionDates(firKey).stream()
                .map(CustodyStatusService::pmisDate)
                .filter(d -> d != null && !d.isBefore(today))
                .min(Comparator.naturalOrder());
    }

    private static LocalDate pmisDate(String text) {
        try {
            return text == null ? null : LocalDate.parse(text.trim(), PMIS_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isOpen(Map<String, Object> episode) {
        return episode.get("released_on") == null && !CLOSED_STATUSES.contains(String.valueOf(episode.get("custody_status")));
    }

    private static Object isoDate(Object value) {
        return value instanceof Date date ? date.toLocalDate() : value;
    }
}

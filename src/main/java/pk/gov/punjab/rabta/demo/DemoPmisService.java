package pk.gov.punjab.rabta.demo;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.namespace.QName;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.delivery.RowUpserter;
import pk.gov.punjab.rabta.soap.SoapEndpoints;
import pk.gov.punjab.rabta.soap.SoapFaults;
import pk.gov.punjab.rabta.soap.SoapXml;

/**
 * The demo PMIS web service at /soap/demo/pmis-prisoner (contract connectors/wsdl/pmis-prisoner.wsdl): takes court
 * production lists into PMIS's production inbox and answers prisoner look-ups, checking what it is sent the way a
 * department's service does and answering soap:Client faults for bad data.
 */
@Component
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "rabta.demo.enabled", havingValue = "true", matchIfMissing = true)
public class DemoPmisService extends RouteBuilder {
    public static final String NAMESPACE = "urn:pk:gov:punjab:prisons:pmis:v1";
    public static final String PATH = "/demo/pmis-prisoner";
    public static final QName SERVICE = new QName(NAMESPACE, "PmisPrisonerService");
    public static final QName PORT = new QName(NAMESPACE, "PmisPrisonerPort");

    private static final Pattern FIR_KEY = Pattern.compile("[A-Z]{2,5}-[A-Z0-9]{1,5}-\\d{1,7}-\\d{4}");
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final List<String> ENTRY_FIELDS = List.of("FIR_KEY", "HRG_DT", "CASE_REF", "CFMS_CASE", "CRT_CD", "CRT_NM",
            "PURPOSE", "OUTCOME", "ADJ_BY", "NXT_HRG_DT", "PROD_REQ", "RBT_VER", "RBT_HASH");
    private static final Map<String, Integer> MAX_LENGTHS = Map.of("CASE_REF", 30, "CRT_CD", 20, "CRT_NM", 120, "PURPOSE", 40,
            "OUTCOME", 40, "ADJ_BY", 20, "RBT_HASH", 64);

    private final SoapEndpoints endpoints;
    private final ConnectorRegistry connectors;
    private final Map<String, String> callers;

    public DemoPmisService(SoapEndpoints endpoints, ConnectorRegistry connectors,
                           @Value("${rabta.demo.pmis-service.username:rabta}") String username,
                           @Value("${rabta.demo.pmis-service.password:}") String password) {
        this.endpoints = endpoints;
        this.connectors = connectors;
        this.callers = Map.of(username, password);
    }

    @Override
    public void configure() {
        from(endpoints.served(PATH, endpoints.wsdl("pmis-prisoner.wsdl"), SERVICE, PORT, callers))
                .routeId("demo-pmis-service")
                .routeGroup("demo")
                .errorHandler(noErrorHandler())
                .process(this::handle);
    }

    void handle(Exchange exchange) {
        Element request = SoapXml.bodyElement(exchange.getIn().getBody());
        String operation = request == null ? "" : request.getLocalName();
        Element response = switch (operation) {
            case "submitCourtProductionList" -> submitCourtProductionList(SoapXml.request(exchange, NAMESPACE, operation));
            case "getPrisoner" -> getPrisoner(SoapXml.request(exchange, NAMESPACE, operation));
            default -> throw SoapFaults.client("UnknownOperation", "PMIS has no operation " + operation);
        };
        exchange.getMessage().setBody(SoapXml.payload(response));
    }

    /** Checks every entry first, so a list with one bad entry is refused whole and nothing of it is stored. */
    private Element submitCourtProductionList(Element request) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Element> entries = SoapXml.children(request, "entry");
        if (entries.isEmpty()) {
            throw SoapFaults.client("InvalidEntry", "the production list has no entry");
        }
        for (int i = 0; i < entries.size(); i++) {
            rows.add(checkedEntry(i + 1, SoapXml.fields(entries.get(i))));
        }
        RowUpserter inbox = new RowUpserter(connectors.dataSource("pmis-db"), "CRT_PROD_INBX", List.of("FIR_KEY", "HRG_DT"), "RBT_VER", "RBT_HASH");
        for (Map<String, Object> row : rows) {
            try {
                inbox.upsert(row);
            } catch (java.sql.SQLException e) {
                throw SoapFaults.server("StoreUnavailable", "PMIS could not store the production list now: " + e.getMessage());
            }
        }
        Element response = SoapXml.element(NAMESPACE, "submitCourtProductionListResponse");
        SoapXml.add(response, "accepted", rows.size());
        return response;
    }

    private static Map<String, Object> checkedEntry(int index, Map<String, Object> fields) {
        String where = "entry " + index + ": ";
        for (String name : fields.keySet()) {
            if (!ENTRY_FIELDS.contains(name)) {
                throw invalid(where + "PMIS does not know field " + name);
            }
        }
        String firKey = (String) fields.get("FIR_KEY");
        if (firKey == null || !FIR_KEY.matcher(firKey).matches()) {
            throw invalid(where + "FIR_KEY '" + (firKey == null ? "" : firKey) + "' is not a FIR key such as LHR-014-123-2025");
        }
        LocalDate hearing = date(where, fields, "HRG_DT");
        if (hearing == null) {
            throw invalid(where + "HRG_DT is required");
        }
        LocalDate next = date(where, fields, "NXT_HRG_DT");
        if (next != null && !next.isAfter(hearing)) {
            throw invalid(where + "NXT_HRG_DT " + fields.get("NXT_HRG_DT") + " is not after HRG_DT " + fields.get("HRG_DT"));
        }
        Object production = fields.get("PROD_REQ");
        if (production != null && !production.equals("Y") && !production.equals("N")) {
            throw invalid(where + "PROD_REQ must be Y or N, not '" + production + "'");
        }
        MAX_LENGTHS.forEach((name, max) -> {
            if (fields.get(name) != null && fields.get(name).toString().length() > max) {
                throw invalid(where + name + " is longer than " + max + " characters");
            }
        });
        Map<String, Object> row = new LinkedHashMap<>(fields);
        row.put("CFMS_CASE", number(where, fields, "CFMS_CASE"));
        row.put("RBT_VER", number(where, fields, "RBT_VER"));
        row.put("RBT_RCVD_TS", Timestamp.from(Instant.now()));
        return row;
    }

    private Element getPrisoner(Element request) {
        String number = SoapXml.text(request, "PRSNR_NO");
        if (number == null) {
            throw SoapFaults.client("BadRequest", "PRSNR_NO is required");
        }
        List<Map<String, Object>> found = new JdbcTemplate(connectors.dataSource("pmis-db"))
                .queryForList("SELECT * FROM ADMSN WHERE PRSNR_NO = ? ORDER BY UPD_TS DESC", number);
        if (found.isEmpty()) {
            throw SoapFaults.client("UnknownPrisoner", "no prisoner with number " + number);
        }
        Element response = SoapXml.element(NAMESPACE, "getPrisonerResponse");
        addAdmission(response, "prisoner", found.get(0));
        return response;
    }

    /** An ADMSN row as a pmis:Admission element (the XSD's field order) named elementName under parent. */
    static Element addAdmission(Element parent, String elementName, Map<String, Object> admission) {
        Element element = SoapXml.add(parent, elementName);
        for (String column : List.of("ADM_ID", "JAIL_CD", "PRSNR_NO", "PRSNR_NM", "FTHR_HSBND_NM", "REL_TYP", "SEX", "CNIC_NO", "AGE_YRS",
                "DOB", "JUV_FLG", "DIST_CD", "PS_CD", "FIR_NO", "FIR_YR", "SECTIONS", "ARST_DT", "ADM_DT", "PRSNR_STS", "REL_DT", "REL_RSN",
                "SICK_FLG", "CHLD_CNT", "WRNT_EXP_DT", "ADDL_FIRS")) {
            SoapXml.add(element, column, admission.get(column));
        }
        SoapXml.add(element, "UPD_TS", ((Timestamp) admission.get("UPD_TS")).toLocalDateTime());
        return element;
    }

    private static LocalDate date(String where, Map<String, Object> fields, String name) {
        Object text = fields.get(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.toString(), PMIS_DATE);
        } catch (DateTimeParseException e) {
            throw invalid(where + name + " '" + text + "' is not a date written dd/MM/yyyy");
        }
    }

    private static Long number(String where, Map<String, Object> fields, String name) {
        Object text = fields.get(name);
        try {
            return text == null ? null : Long.valueOf(text.toString());
        } catch (NumberFormatException e) {
            throw invalid(where + name + " '" + text + "' is not a number");
        }
    }

    private static RuntimeException invalid(String message) {
        return SoapFaults.client("InvalidEntry", message);
    }
}

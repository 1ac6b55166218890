package pk.gov.punjab.rabta.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import jakarta.xml.ws.soap.SOAPFaultException;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.soap.SoapBusTestSupport;
import pk.gov.punjab.rabta.soap.SoapTestClient;
import pk.gov.punjab.rabta.soap.SoapXml;

class DemoPmisServiceTests extends SoapBusTestSupport {
    private static final String NS = DemoPmisService.NAMESPACE;

    @Test
    void aProductionListIsStoredInThePmisInboxAndAnOlderVersionDoesNotOverwriteIt() throws Exception {
        Element response = client(DEMO_PASSWORD).call(productionList(entry("LHR-001-881-2026", "10/12/2026", "24/12/2026", 5)
                + entry("LHR-001-882-2026", "11/12/2026", null, 5)));

        assertThat(SoapXml.text(response, "accepted")).isEqualTo("2");
        Map<String, Object> row = pmis().queryForMap("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = 'LHR-001-881-2026'");
        assertThat(row).containsEntry("HRG_DT", "10/12/2026").containsEntry("NXT_HRG_DT", "24/12/2026").containsEntry("PROD_REQ", "Y");
        assertThat(((Number) row.get("RBT_VER")).longValue()).isEqualTo(5);
        assertThat(row.get("RBT_RCVD_TS")).isNotNull();

        client(DEMO_PASSWORD).call(productionList(entry("LHR-001-881-2026", "10/12/2026", "31/12/2026", 4)));
        assertThat(pmis().queryForObject("SELECT NXT_HRG_DT FROM CRT_PROD_INBX WHERE FIR_KEY = 'LHR-001-881-2026'", String.class))
                .isEqualTo("24/12/2026");
    }

    @Test
    void aListWithOneBadEntryIsRefusedWholeWithAFaultNamingTheEntryAndField() throws Exception {
        String list = productionList(entry("LHR-001-883-2026", "10/12/2026", null, 1) + entry("LHR-001-884-2026", "12/12/2026", "01/12/2026", 1));

        SOAPFaultException fault = catchThrowableOfType(SOAPFaultException.class, () -> client(DEMO_PASSWORD).call(list));

        assertThat(fault.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.InvalidEntry");
        assertThat(fault.getFault().getFaultString()).isEqualTo("entry 2: NXT_HRG_DT 01/12/2026 is not after HRG_DT 12/12/2026");
        assertThat(pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE FIR_KEY IN ('LHR-001-883-2026', 'LHR-001-884-2026')",
                Long.class)).isZero();

        SOAPFaultException badDate = catchThrowableOfType(SOAPFaultException.class,
                () -> client(DEMO_PASSWORD).call(productionList(entry("LHR-001-885-2026", "2026-12-10", null, 1))));
        assertThat(badDate.getFault().getFaultString()).contains("HRG_DT '2026-12-10' is not a date written dd/MM/yyyy");
    }

    @Test
    void aPrisonerIsFoundByNumberAndAnUnknownNumberIsAFault() throws Exception {
        pmis().update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, SEX, CNIC_NO, ADM_DT, PRSNR_STS, UPD_TS)"
                + " VALUES (880001, 'J001', 'J001/2026/880001', 'Test Prisoner', 'M', '35202-1234567-1', '01/11/2026', 'UTP', ?)",
                Timestamp.from(Instant.now()));

        Element response = client(DEMO_PASSWORD).call("<pmis:getPrisoner xmlns:pmis=\"" + NS + "\"><pmis:PRSNR_NO>J001/2026/880001</pmis:PRSNR_NO></pmis:getPrisoner>");
        Element prisoner = SoapXml.children(response, "prisoner").get(0);
        assertThat(SoapXml.text(prisoner, "ADM_ID")).isEqualTo("880001");
        assertThat(SoapXml.text(prisoner, "JAIL_CD")).isEqualTo("J001");
        assertThat(SoapXml.text(prisoner, "PRSNR_STS")).isEqualTo("UTP");

        SOAPFaultException unknown = catchThrowableOfType(SOAPFaultException.class, () -> client(DEMO_PASSWORD)
                .call("<pmis:getPrisoner xmlns:pmis=\"" + NS + "\"><pmis:PRSNR_NO>J001/1999/1</pmis:PRSNR_NO></pmis:getPrisoner>"));
        assertThat(unknown.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.UnknownPrisoner");
        assertThat(unknown.getFault().getFaultString()).isEqualTo("no prisoner with number J001/1999/1");
    }

    @Test
    void aPrisonerLookUpWithoutANumberIsABadRequest() throws Exception {
        for (String request : new String[] {"<pmis:getPrisoner xmlns:pmis=\"" + NS + "\"/>",
                "<pmis:getPrisoner xmlns:pmis=\"" + NS + "\"><pmis:PRSNR_NO> </pmis:PRSNR_NO></pmis:getPrisoner>"}) {
            SOAPFaultException fault = catchThrowableOfType(SOAPFaultException.class, () -> client(DEMO_PASSWORD).call(request));
            assertThat(fault).as("fault for %s", request).isNotNull();
            assertThat(fault.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.BadRequest");
            assertThat(fault.getFault().getFaultString()).isEqualTo("PRSNR_NO is required");
        }
    }

    @Test
    void handWrittenEnvelopesThatAreMalformedOrInAnotherNamespaceAreFaultsAndStoreNothing() throws Exception {
        String url = base() + "/soap" + DemoPmisService.PATH;
        String list = productionList(entry("LHR-001-887-2026", "10/12/2026", null, 1));

        HttpResponse<String> malformed = SoapTestClient.post(url, SoapTestClient.envelope("rabta", DEMO_PASSWORD, list.replace("</pmis:entry>", "")));
        assertThat(malformed.statusCode()).isEqualTo(500);
        assertThat(malformed.body()).contains("<faultcode>soap:Client.MalformedXml</faultcode>")
                .containsPattern("<faultstring>the request is not well-formed XML: Unexpected close tag &lt;/pmis:submitCourtProductionList>;"
                        + " expected &lt;/pmis:entry>\\..*\\[1,\\d+\\]</faultstring>");

        HttpResponse<String> otherNamespace = SoapTestClient.post(url, SoapTestClient.envelope("rabta", DEMO_PASSWORD, list.replace(NS, "urn:other")));
        assertThat(otherNamespace.statusCode()).isEqualTo(500);
        assertThat(otherNamespace.body()).contains("<faultcode>soap:Client.WrongNamespace</faultcode>")
                .contains("unexpected element {urn:other}submitCourtProductionList; expected {" + NS + "}");
        assertThat(pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE FIR_KEY = 'LHR-001-887-2026'", Long.class)).isZero();

        HttpResponse<String> good = SoapTestClient.post(url, SoapTestClient.envelope("rabta", DEMO_PASSWORD, list));
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).contains("<accepted>1</accepted>");
        assertThat(pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE FIR_KEY = 'LHR-001-887-2026'", Long.class)).isEqualTo(1);
    }

    @Test
    void aCallerWithoutTheDemoPasswordIsRefused() throws Exception {
        SOAPFaultException refused = catchThrowableOfType(SOAPFaultException.class,
                () -> client(CFMS_PASSWORD).call(productionList(entry("LHR-001-886-2026", "10/12/2026", null, 1))));
        assertThat(refused.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("FailedAuthentication");

        HttpResponse<String> unsigned = SoapTestClient.post(base() + "/soap" + DemoPmisService.PATH,
                SoapTestClient.envelope(null, null, productionList(entry("LHR-001-886-2026", "10/12/2026", null, 1))));
        assertThat(unsigned.statusCode()).isEqualTo(500);
        assertThat(unsigned.body()).contains("InvalidSecurity");
        assertThat(pmis().queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX WHERE FIR_KEY = 'LHR-001-886-2026'", Long.class)).isZero();
    }

    private SoapTestClient client(String password) throws Exception {
        return SoapTestClient.of(base(), DemoPmisService.PATH, DemoPmisService.SERVICE, DemoPmisService.PORT, "rabta", password);
    }

    private static String productionList(String entries) {
        return "<pmis:submitCourtProductionList xmlns:pmis=\"" + NS + "\">" + entries + "</pmis:submitCourtProductionList>";
    }

    private static String entry(String firKey, String hearing, String next, long version) {
        return "<pmis:entry><pmis:FIR_KEY>" + firKey + "</pmis:FIR_KEY><pmis:HRG_DT>" + hearing + "</pmis:HRG_DT>"
                + (next == null ? "" : "<pmis:NXT_HRG_DT>" + next + "</pmis:NXT_HRG_DT>")
                + "<pmis:PROD_REQ>Y</pmis:PROD_REQ><pmis:RBT_VER>" + version + "</pmis:RBT_VER></pmis:entry>";
    }
}

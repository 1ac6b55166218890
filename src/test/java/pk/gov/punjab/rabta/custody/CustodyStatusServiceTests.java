package pk.gov.punjab.rabta.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.xml.ws.soap.SOAPFaultException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.soap.SoapTestClient;
import pk.gov.punjab.rabta.soap.SoapXml;
import pk.gov.punjab.rabta.soap.SoapBusTestSupport;

class CustodyStatusServiceTests extends SoapBusTestSupport {
    private static final String PASSWORD = CFMS_PASSWORD;
    private static final String NS = CustodyStatusService.NAMESPACE;
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    @BeforeEach
    void custodyRecords() {
        cfms().update("DELETE FROM pmis_custody_inbox WHERE fir_key LIKE 'LHR-001-77%'");
        pmis().update("DELETE FROM CRT_PROD_INBX WHERE FIR_KEY LIKE 'LHR-001-77%'");
        // Released from Kot Lakhpat last year, re-admitted to Adiala this year on another FIR.
        episode("CJ-LHR", 7701, "3520212345671", "LHR-001-771-2025", "RELEASED", LocalDate.of(2025, 3, 1), LocalDate.of(2025, 6, 1));
        episode("CJ-RWP", 7702, "3520212345671", "LHR-001-772-2026", "UNDER_TRIAL", LocalDate.of(2026, 2, 10), null);
        production("LHR-001-772-2026", LocalDate.now().minusDays(3));
        production("LHR-001-772-2026", LocalDate.now().plusDays(20));
        production("LHR-001-772-2026", LocalDate.now().plusDays(6));
        production("LHR-001-773-2026", LocalDate.now().plusDays(9));
    }

    @Test
    void byCnicTheOpenEpisodeComesFirstWithJailSinceAndNextProductionDate() throws Exception {
        Element response = client().call(request("cnic", "35202-1234567-1"));

        assertThat(response.getLocalName()).isEqualTo("getCustodyStatusResponse");
        assertThat(SoapXml.text(response, "inCustody")).isEqualTo("true");
        var episodes = SoapXml.children(response, "episode");
        assertThat(episodes).hasSize(2);
        Element open = episodes.get(0);
        assertThat(SoapXml.text(open, "jailCode")).isEqualTo("CJ-RWP");
        assertThat(SoapXml.text(open, "inCustody")).isEqualTo("true");
        assertThat(SoapXml.text(open, "since")).isEqualTo("2026-02-10");
        assertThat(SoapXml.text(open, "nextProductionDate")).isEqualTo(LocalDate.now().plusDays(6).toString());
        Element closed = episodes.get(1);
        assertThat(SoapXml.text(closed, "jailCode")).isEqualTo("CJ-LHR");
        assertThat(SoapXml.text(closed, "inCustody")).isEqualTo("false");
        assertThat(SoapXml.text(closed, "releasedOn")).isEqualTo("2025-06-01");
        assertThat(SoapXml.text(closed, "nextProductionDate")).isNull();
    }

    @Test
    void byFirKeyOnlyThatFirsEpisodeIsAnswered() throws Exception {
        Element response = client().call(request("firKey", "lhr-001-771-2025"));

        assertThat(SoapXml.text(response, "inCustody")).isEqualTo("false");
        assertThat(SoapXml.children(response, "episode")).singleElement()
                .satisfies(e -> assertThat(SoapXml.text(e, "status")).isEqualTo("RELEASED"));
    }

    @Test
    void aFirWithProductionsButNoAdmissionIsNotInCustodyAndAnUnknownCnicNeither() throws Exception {
        assertThat(SoapXml.text(client().call(request("firKey", "LHR-001-773-2026")), "inCustody")).isEqualTo("false");
        Element unknownPerson = client().call(request("cnic", "3520299999991"));
        assertThat(SoapXml.text(unknownPerson, "inCustody")).isEqualTo("false");
        assertThat(SoapXml.children(unknownPerson, "episode")).isEmpty();
    }

    @Test
    void badQuestionsAreFaultsWithACodeAndAMessage() throws Exception {
        assertFault(request("cnic", "35202-12345-1"), "Client.MalformedCnic", "13 digits");
        assertFault(request("firKey", "LHR 771 2025"), "Client.MalformedFirKey", "station-number-year");
        assertFault(request("firKey", "LHR-001-779-2026"), "Client.UnknownFir", "LHR-001-779-2026");
        assertFault("<cs:getCustodyStatus xmlns:cs=\"" + NS + "\"/>", "Client.BadRequest", "cnic or firKey");
    }

    @Test
    void aWrongPasswordOrNoUserIsRefusedAndTheServiceGoesOnAnswering() throws Exception {
        SoapTestClient wrongPassword = SoapTestClient.of(base(), CustodyStatusService.PATH, CustodyStatusService.SERVICE,
                CustodyStatusService.PORT, "cfms", "not-" + PASSWORD);
        SOAPFaultException refused = catchThrowableOfType(SOAPFaultException.class, () -> wrongPassword.call(request("cnic", "3520212345671")));
        assertThat(refused.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("FailedAuthentication");

        SoapTestClient anotherCallersPassword = SoapTestClient.of(base(), CustodyStatusService.PATH, CustodyStatusService.SERVICE,
                CustodyStatusService.PORT, "pmis", PASSWORD);
        refused = catchThrowableOfType(SOAPFaultException.class, () -> anotherCallersPassword.call(request("cnic", "3520212345671")));
        assertThat(refused.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("FailedAuthentication");

        assertThat(SoapXml.text(client().call(request("cnic", "3520212345671")), "inCustody")).isEqualTo("true");
    }

    @Test
    void aUserTheBusDoesNotKnowAndEmptyPasswordsAreRefused() throws Exception {
        String url = base() + "/soap/custody-status";
        String question = request("cnic", "3520212345671");

        SoapTestClient stranger = SoapTestClient.of(base(), CustodyStatusService.PATH, CustodyStatusService.SERVICE,
                CustodyStatusService.PORT, "stranger-" + UUID.randomUUID(), PASSWORD);
        SOAPFaultException refused = catchThrowableOfType(SOAPFaultException.class, () -> stranger.call(question));
        assertThat(refused).as("an unknown user").isNotNull();
        assertThat(refused.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("FailedAuthentication");

        // A known user sending an empty password, and a configured user whose password was left empty sending one too.
        for (String user : new String[] {"cfms", USER_WITHOUT_PASSWORD}) {
            HttpResponse<String> emptyPassword = SoapTestClient.post(url, SoapTestClient.envelope(user, "", question));
            assertThat(emptyPassword.statusCode()).as("user %s with an empty password", user).isEqualTo(500);
            assertThat(emptyPassword.body()).as("user %s with an empty password", user).contains("FailedAuthentication")
                    .doesNotContain("inCustody");
        }

        assertThat(SoapXml.text(client().call(question), "inCustody")).isEqualTo("true");
    }

    @Test
    void theWsdlAndItsSchemaAreServed() throws Exception {
        HttpResponse<String> wsdl = SoapTestClient.get(base() + "/soap/custody-status?wsdl");
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("CustodyStatusService").contains("getCustodyStatus").contains("custody-status.xsd");
        HttpResponse<String> xsd = SoapTestClient.get(base() + "/soap/custody-status?xsd=custody-status.xsd");
        assertThat(xsd.body()).contains("nextProductionDate");
    }

    @Test
    void handWrittenEnvelopesThatAreMalformedInTheWrongNamespaceOrUnsignedGetTheRightFaults() throws Exception {
        String url = base() + "/soap/custody-status";
        String good = "<cs:getCustodyStatus xmlns:cs=\"" + NS + "\"><cs:cnic>3520212345671</cs:cnic></cs:getCustodyStatus>";

        HttpResponse<String> ok = SoapTestClient.post(url, SoapTestClient.envelope("cfms", PASSWORD, good));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<inCustody>true</inCustody>").doesNotContain("Fault");

        HttpResponse<String> malformed = SoapTestClient.post(url, SoapTestClient.envelope("cfms", PASSWORD, good).replace("</soap:Body>", "</soap:Bod>"));
        assertThat(malformed.statusCode()).isEqualTo(500);
        assertThat(malformed.body()).contains("<faultcode>soap:Client.MalformedXml</faultcode>")
                .containsPattern("<faultstring>the request is not well-formed XML: Unexpected close tag &lt;/soap:Bod>; expected &lt;/soap:Body>\\..*\\[1,\\d+\\]</faultstring>");

        HttpResponse<String> wrongNamespace = SoapTestClient.post(url, SoapTestClient.envelope("cfms", PASSWORD, good.replace(NS, "urn:somewhere-else")));
        assertThat(wrongNamespace.statusCode()).isEqualTo(500);
        assertThat(wrongNamespace.body()).contains("<faultcode>soap:Client.WrongNamespace</faultcode>")
                .contains("<faultstring>unexpected element {urn:somewhere-else}getCustodyStatus; expected {" + NS + "}getCustodyStatus</faultstring>");

        HttpResponse<String> unsigned = SoapTestClient.post(url, SoapTestClient.envelope(null, null, good));
        assertThat(unsigned.statusCode()).isEqualTo(500);
        assertThat(unsigned.body()).contains("InvalidSecurity").contains("Security");

        assertThat(SoapTestClient.post(url, SoapTestClient.envelope("cfms", PASSWORD, good)).statusCode()).isEqualTo(200);
    }

    private void assertFault(String payload, String code, String messagePart) throws Exception {
        SOAPFaultException fault = catchThrowableOfType(SOAPFaultException.class, () -> client().call(payload));
        assertThat(fault).as("fault for %s", payload).isNotNull();
        assertThat(fault.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo(code);
        assertThat(fault.getFault().getFaultString()).contains(messagePart);
    }

    private SoapTestClient client() throws Exception {
        return SoapTestClient.of(base(), CustodyStatusService.PATH, CustodyStatusService.SERVICE, CustodyStatusService.PORT, "cfms", PASSWORD);
    }

    private static String request(String by, String value) {
        return "<cs:getCustodyStatus xmlns:cs=\"" + NS + "\"><cs:" + by + ">" + value + "</cs:" + by + "></cs:getCustodyStatus>";
    }

    private void episode(String jail, long admission, String cnic, String firKey, String status, LocalDate admitted, LocalDate released) {
        cfms().update("INSERT INTO pmis_custody_inbox (jail_code, admission_id, jail_name, prisoner_number, cnic, fir_key, custody_status,"
                        + " admitted_on, released_on, rabta_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                jail, admission, jail + " jail", jail + "/" + admission, cnic, firKey, status, Date.valueOf(admitted),
                released == null ? null : Date.valueOf(released));
    }

    private void production(String firKey, LocalDate hearing) {
        pmis().update("INSERT INTO CRT_PROD_INBX (FIR_KEY, HRG_DT, PROD_REQ, RBT_VER) VALUES (?, ?, 'Y', 1)", firKey, hearing.format(PMIS_DATE));
    }
}

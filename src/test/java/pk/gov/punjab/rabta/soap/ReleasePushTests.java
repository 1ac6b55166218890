package pk.gov.punjab.rabta.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import jakarta.jms.ConnectionFactory;
import jakarta.xml.ws.soap.SOAPFaultException;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.custody.CustodyStatusService;

/** PMIS pushes releases to /soap/pmis/releases; each enters the admissions flow's mapping and bus address. */
class ReleasePushTests extends SoapBusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "urn:pk:gov:punjab:prisons:pmis:v1";
    private static final String PATH = "/pmis/releases";
    private static final QName SERVICE = new QName(NS, "PmisReleaseService");
    private static final QName PORT = new QName(NS, "PmisReleasePort");
    private static final String DELIVERY_ROUTE = "pmis-admissions-to-cfms-delivery";
    private static final String EPISODES = "custody-episodes";
    private static final String RELEASES_DLQ = "DLQ.pmis-releases-to-cfms";

    @Autowired
    CamelContext camel;

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void aPushedReleaseReachesTheCfmsInboxAndTheCustodyStatusSaysReleased() throws Exception {
        Element ack = pmisClient().call(release(960001, "35202-5550001-1", "J001", LocalDateTime.now()));

        assertThat(SoapXml.text(ack, "accepted")).isEqualTo("true");
        assertThat(SoapXml.text(ack, "correlationId")).isNotBlank();
        await().atMost(WAIT).untilAsserted(() -> assertThat(inboxRow(960001)).isNotNull());
        Map<String, Object> row = inboxRow(960001);
        assertThat(row).containsEntry("custody_status", "RELEASED").containsEntry("release_reason", "BAIL")
                .containsEntry("cnic", "3520255500011").containsEntry("fir_key", "LHR-001-77-2026").containsEntry("jail_code", "CJ-LHR");
        assertThat(row.get("released_on").toString()).isEqualTo("2026-11-20");

        Element status = SoapTestClient.of(base(), CustodyStatusService.PATH, new QName(CustodyStatusService.NAMESPACE, "CustodyStatusService"),
                new QName(CustodyStatusService.NAMESPACE, "CustodyStatusPort"), "cfms", CFMS_PASSWORD)
                .call("<cs:getCustodyStatus xmlns:cs=\"" + CustodyStatusService.NAMESPACE + "\"><cs:cnic>35202-5550001-1</cs:cnic></cs:getCustodyStatus>");
        assertThat(SoapXml.text(status, "inCustody")).isEqualTo("false");
        assertThat(SoapXml.text(SoapXml.children(status, "episode").get(0), "releasedOn")).isEqualTo("2026-11-20");
    }

    @Test
    void aReleaseWithBadDataIsAFaultNamingTheFieldAndNothingIsEnqueued() throws Exception {
        // With nothing draining custody-episodes, its depth shows every record the push put on the bus.
        camel.getRouteController().stopRoute(DELIVERY_ROUTE);
        try {
            long enqueued = queueDepth(EPISODES);
            long deadLettered = queueDepth(RELEASES_DLQ);

            SOAPFaultException badCnic = catchThrowableOfType(SOAPFaultException.class,
                    () -> pmisClient().call(release(960002, "35202-555-1", "J001", LocalDateTime.now())));
            assertThat(badCnic.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.VALIDATION");
            assertThat(badCnic.getFault().getFaultString()).startsWith("field person.cnic: malformed CNIC");

            SOAPFaultException unknownJail = catchThrowableOfType(SOAPFaultException.class,
                    () -> pmisClient().call(release(960003, "35202-5550003-1", "J999", LocalDateTime.now())));
            assertThat(unknownJail.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client.UNMAPPED_CODE");

            SOAPFaultException noVersion = catchThrowableOfType(SOAPFaultException.class,
                    () -> pmisClient().call(release(960004, "35202-5550004-1", "J001", LocalDateTime.now()).replaceAll("<pmis:UPD_TS>.*</pmis:UPD_TS>", "")));
            assertThat(noVersion.getFault().getFaultString()).isEqualTo("admission.UPD_TS is required");

            // The dead letters the flow's error handling wrote were rolled back with the rest of the transaction.
            assertThat(queueDepth(EPISODES)).as("records enqueued").isEqualTo(enqueued);
            assertThat(queueDepth(RELEASES_DLQ)).as("dead letters").isEqualTo(deadLettered);
            pmisClient().call(release(960006, "35202-5550006-1", "J001", LocalDateTime.now()));
            assertThat(queueDepth(EPISODES)).as("records enqueued after a good release").isEqualTo(enqueued + 1);
        } finally {
            camel.getRouteController().startRoute(DELIVERY_ROUTE);
        }
        await().atMost(WAIT).until(() -> inboxRow(960006) != null);
        assertThat(cfms().queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id IN (960002, 960003, 960004)", Long.class)).isZero();
    }

    @Test
    void handWrittenEnvelopesWithoutTokenMalformedOrInAnotherNamespaceAreFaults() throws Exception {
        String url = base() + "/soap" + PATH;
        String body = release(960005, "35202-5550005-1", "J001", LocalDateTime.now());

        camel.getRouteController().stopRoute(DELIVERY_ROUTE);
        try {
            long enqueued = queueDepth(EPISODES);
            long deadLettered = queueDepth(RELEASES_DLQ);

            HttpResponse<String> unsigned = SoapTestClient.post(url, SoapTestClient.envelope(null, null, body));
            assertThat(unsigned.statusCode()).isEqualTo(500);
            assertThat(unsigned.body()).contains("InvalidSecurity");
            HttpResponse<String> wrongPassword = SoapTestClient.post(url, SoapTestClient.envelope("pmis", "guess", body));
            assertThat(wrongPassword.statusCode()).isEqualTo(500);
            assertThat(wrongPassword.body()).contains("FailedAuthentication");
            HttpResponse<String> malformed = SoapTestClient.post(url, SoapTestClient.envelope("pmis", PMIS_PASSWORD, body.replace("</pmis:admission>", "")));
            assertThat(malformed.statusCode()).isEqualTo(500);
            assertThat(malformed.body()).contains("<faultcode>soap:Client.MalformedXml</faultcode>")
                    .containsPattern("<faultstring>the request is not well-formed XML: Unexpected close tag &lt;/pmis:notifyRelease>;"
                            + " expected &lt;/pmis:admission>\\..*\\[1,\\d+\\]</faultstring>");
            HttpResponse<String> otherNamespace = SoapTestClient.post(url, SoapTestClient.envelope("pmis", PMIS_PASSWORD, body.replace(NS, "urn:other")));
            assertThat(otherNamespace.statusCode()).isEqualTo(500);
            assertThat(otherNamespace.body()).contains("<faultcode>soap:Client.WrongNamespace</faultcode>")
                    .contains("<faultstring>unexpected element {urn:other}notifyRelease; expected {" + NS + "}notifyRelease</faultstring>");

            assertThat(queueDepth(EPISODES)).as("records enqueued by refused envelopes").isEqualTo(enqueued);
            assertThat(queueDepth(RELEASES_DLQ)).as("dead letters of refused envelopes").isEqualTo(deadLettered);
            HttpResponse<String> good = SoapTestClient.post(url, SoapTestClient.envelope("pmis", PMIS_PASSWORD, body));
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).contains("<accepted>true</accepted>");
            assertThat(queueDepth(EPISODES)).as("records enqueued by the good envelope").isEqualTo(enqueued + 1);
        } finally {
            camel.getRouteController().startRoute(DELIVERY_ROUTE);
        }
        await().atMost(WAIT).until(() -> inboxRow(960005) != null);
    }

    @Test
    void whenTheBrokerRefusesTheRecordPmisGetsAFaultNotAnAcknowledgementAndCanSendItAgain() throws Exception {
        camel.getRouteController().stopRoute(DELIVERY_ROUTE);
        try {
            // Nothing drains custody-episodes now; the broker takes one more message and then refuses, as a full address does.
            AddressSettings full = new AddressSettings().setMaxSizeBytes(1L).setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL);
            broker.getActiveMQServer().getAddressSettingsRepository().addMatch("custody-episodes", full);
            long before = queueDepth(EPISODES);
            pmisClient().call(release(960011, "35202-5550011-1", "J001", LocalDateTime.now()));
            assertThat(queueDepth(EPISODES)).isEqualTo(before + 1);

            SOAPFaultException refused = catchThrowableOfType(SOAPFaultException.class,
                    () -> pmisClient().call(release(960012, "35202-5550012-1", "J001", LocalDateTime.now())));
            assertThat(refused).as("no acknowledgement while the broker refuses").isNotNull();
            assertThat(refused.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Server.BusUnavailable");
            assertThat(queueDepth(EPISODES)).isEqualTo(before + 1);
        } finally {
            // Starting the delivery route applies the queue's own settings again, without the size limit.
            camel.getRouteController().startRoute(DELIVERY_ROUTE);
        }

        Element ack = pmisClient().call(release(960012, "35202-5550012-1", "J001", LocalDateTime.now()));
        assertThat(SoapXml.text(ack, "accepted")).isEqualTo("true");
        await().atMost(WAIT).until(() -> inboxRow(960011) != null && inboxRow(960012) != null);
    }

    private SoapTestClient pmisClient() throws Exception {
        return SoapTestClient.of(base(), PATH, SERVICE, PORT, "pmis", PMIS_PASSWORD);
    }

    private Map<String, Object> inboxRow(long admissionId) {
        List<Map<String, Object>> rows = cfms().queryForList("SELECT * FROM pmis_custody_inbox WHERE admission_id = ?", admissionId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long queueDepth(String queue) {
        Integer depth = new JmsTemplate(connectionFactory).browse(queue, (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
        return depth == null ? 0 : depth;
    }

    private static String release(long admission, String cnic, String jail, LocalDateTime changed) {
        return "<pmis:notifyRelease xmlns:pmis=\"" + NS + "\"><pmis:admission>"
                + "<pmis:ADM_ID>" + admission + "</pmis:ADM_ID><pmis:JAIL_CD>" + jail + "</pmis:JAIL_CD>"
                + "<pmis:PRSNR_NO>" + jail + "/2026/" + admission + "</pmis:PRSNR_NO><pmis:PRSNR_NM>ALI RAZA</pmis:PRSNR_NM>"
                + "<pmis:FTHR_HSBND_NM>MUHAMMAD RAMZAN</pmis:FTHR_HSBND_NM><pmis:REL_TYP>S/O</pmis:REL_TYP><pmis:SEX>M</pmis:SEX>"
                + "<pmis:CNIC_NO>" + cnic + "</pmis:CNIC_NO><pmis:AGE_YRS>30</pmis:AGE_YRS><pmis:DOB>01/01/1996</pmis:DOB><pmis:JUV_FLG>N</pmis:JUV_FLG>"
                + "<pmis:DIST_CD>LHR</pmis:DIST_CD><pmis:PS_CD>001</pmis:PS_CD><pmis:FIR_NO>77</pmis:FIR_NO><pmis:FIR_YR>2026</pmis:FIR_YR>"
                + "<pmis:SECTIONS>PPC 379, PPC 411</pmis:SECTIONS><pmis:ARST_DT>01/11/2026</pmis:ARST_DT><pmis:ADM_DT>03/11/2026</pmis:ADM_DT>"
                + "<pmis:PRSNR_STS>REL</pmis:PRSNR_STS><pmis:REL_DT>20/11/2026</pmis:REL_DT><pmis:REL_RSN>BAIL</pmis:REL_RSN>"
                + "<pmis:UPD_TS>" + changed + "</pmis:UPD_TS></pmis:admission></pmis:notifyRelease>";
    }
}

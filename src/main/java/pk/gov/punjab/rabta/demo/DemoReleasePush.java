package pk.gov.punjab.rabta.demo;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPFaultException;

import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import pk.gov.punjab.rabta.soap.SoapEndpoints;
import pk.gov.punjab.rabta.soap.SoapSecurity;
import pk.gov.punjab.rabta.soap.SoapXml;

/**
 * The demo PMIS playing the pushing department: each release it records is sent to the bus's PmisReleaseService
 * (notifyRelease at /soap/pmis/releases) with PMIS's UsernameToken. A push that fails is logged and left to the poll
 * of ADMSN, which captures the same row; whichever copy arrives second is dropped as already current.
 */
final class DemoReleasePush {
    private static final Logger log = LoggerFactory.getLogger(DemoReleasePush.class);
    static final String PATH = "/soap/pmis/releases";
    private static final QName SERVICE = new QName(DemoPmisService.NAMESPACE, "PmisReleaseService");
    private static final QName PORT = new QName(DemoPmisService.NAMESPACE, "PmisReleasePort");

    private final SoapEndpoints endpoints;
    private final String username;
    private final String password;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Dispatch<Source> client;

    DemoReleasePush(SoapEndpoints endpoints, String username, String password) {
        this.endpoints = endpoints;
        this.username = username;
        this.password = password;
    }

    /** Sends the admission row as it now stands; never throws, so the release itself stands whatever the bus says. */
    synchronized void push(Map<String, Object> admission) {
        Object admissionId = admission.get("ADM_ID");
        try {
            Element request = SoapXml.element(DemoPmisService.NAMESPACE, "notifyRelease");
            DemoPmisService.addAdmission(request, "admission", admission);
            client().invoke(new DOMSource(request));
            accepted.incrementAndGet();
        } catch (SOAPFaultException fault) {
            failed.incrementAndGet();
            // The fault text can quote the record's values (names, CNICs): the code says enough for the log.
            log.warn("The bus did not accept the release of admission {} ({}); the poll of ADMSN will capture it",
                    admissionId, fault.getFault().getFaultCodeAsQName().getLocalPart());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("The release of admission {} could not be pushed to the bus ({}); the poll of ADMSN will capture it",
                    admissionId, transportError(e));
        }
    }

    /** The transport's own complaint (a refused connection, a certificate not trusted), not CXF's "Could not send Message". */
    private static String transportError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                return io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /** Releases the bus acknowledged. */
    long accepted() {
        return accepted.get();
    }

    /** Releases the bus refused or could not be reached for. */
    long failed() {
        return failed.get();
    }

    /** Made at the first push: the bus's port is known only once its HTTP server listens. */
    private Dispatch<Source> client() {
        if (client == null) {
            try {
                Service service = Service.create(URI.create(endpoints.wsdl("pmis-prisoner.wsdl")).toURL(), SERVICE);
                Dispatch<Source> dispatch = service.createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
                dispatch.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, endpoints.address(PATH));
                org.apache.cxf.endpoint.Client cxf = ((DispatchImpl<?>) dispatch).getClient();
                cxf.getOutInterceptors().add(SoapSecurity.usernameToken(username, password));
                HTTPClientPolicy policy = new HTTPClientPolicy();
                policy.setConnectionTimeout(5_000);
                policy.setReceiveTimeout(30_000);
                ((HTTPConduit) cxf.getConduit()).setClient(policy);
                client = dispatch;
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException("the PMIS WSDL cannot be read: " + e.getMessage(), e);
            }
        }
        return client;
    }
}

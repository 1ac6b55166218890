package pk.gov.punjab.rabta.soap;

import java.util.Map;

import javax.xml.namespace.QName;

import org.apache.camel.CamelContext;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfComponent;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.ws.security.SecurityConstants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;

/**
 * Makes the Camel CXF endpoints of the bus's SOAP services: contract first (the WSDL under connectors/wsdl/ is served
 * as it is at ?wsdl), PAYLOAD mode, on the bus's own HTTP server under /soap/, every request checked for its
 * UsernameToken.
 */
@Component
@EnableConfigurationProperties(SoapSettings.class)
public class SoapEndpoints {
    private final CamelContext camel;
    private final Bus bus;
    private final RabtaPaths paths;
    private final SoapSettings settings;
    private final Environment environment;

    /** The bus of CXF's servlet exists only in a web application; without it the bus serves no SOAP endpoint. */
    public SoapEndpoints(CamelContext camel, ObjectProvider<Bus> servletBus, RabtaPaths paths, SoapSettings settings, Environment environment) {
        this.camel = camel;
        this.bus = servletBus.getIfAvailable();
        this.paths = paths;
        this.settings = settings;
        this.environment = environment;
    }

    /**
     * An endpoint URL as given, or, for a path alone (/soap/...), that path on this bus's own HTTP server, over https
     * when server.ssl is on; the port is known only once the server listens.
     */
    public String address(String endpoint) {
        if (!endpoint.startsWith("/")) {
            return endpoint;
        }
        boolean tls = environment.getProperty("server.ssl.enabled", Boolean.class, false);
        return (tls ? "https" : "http") + "://127.0.0.1:" + environment.getProperty("local.server.port", "8080") + endpoint;
    }

    /** Whether the bus has an HTTP server to serve SOAP endpoints on (not so in a test without a web environment). */
    public boolean canServe() {
        return bus != null;
    }

    /** A service the bus offers, callable by the users of rabta.soap.users. */
    public CxfEndpoint served(String path, String wsdl, QName service, QName port) {
        return served(path, wsdl, service, port, settings.getUsers());
    }

    /** A service at /soap{path} callable by the given users. */
    public CxfEndpoint served(String path, String wsdl, QName service, QName port, Map<String, String> users) {
        CxfEndpoint endpoint = endpoint("cxf:" + path, wsdl, service, port);
        endpoint.setAddress(path);
        endpoint.getInInterceptors().add(SoapSecurity.requireUsernameToken(users));
        endpoint.getOutFaultInterceptors().add(new ReadableRequestFaults());
        // A refused caller learns whether the token was missing (wsse:InvalidSecurity) or wrong (wsse:FailedAuthentication).
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(SecurityConstants.RETURN_SECURITY_ERROR, true);
        endpoint.setProperties(properties);
        return endpoint;
    }

    /** A client of a department's service; the caller sets the address, security and transport. */
    public CxfEndpoint client(String id, String wsdl, QName service, QName port) {
        return endpoint("cxf:bean:" + id, wsdl, service, port);
    }

    /** A WSDL under connectors/wsdl/, as a URL CXF reads it (and the XSDs beside it) from. */
    public String wsdl(String name) {
        return paths.connectors().resolve("wsdl").resolve(name).toUri().toString();
    }

    private CxfEndpoint endpoint(String uri, String wsdl, QName service, QName port) {
        CxfEndpoint endpoint = new CxfEndpoint(uri, camel.getComponent("cxf", CxfComponent.class));
        endpoint.setCamelContext(camel);
        endpoint.setBus(bus != null ? bus : BusFactory.getDefaultBus());
        endpoint.setWsdlURL(wsdl);
        endpoint.setServiceName(service.toString());
        endpoint.setPortName(port.toString());
        endpoint.setDataFormat(DataFormat.PAYLOAD);
        // The processing runs in the HTTP request's thread: a broker transaction opened there spans the whole call.
        endpoint.setSynchronous(true);
        return endpoint;
    }
}

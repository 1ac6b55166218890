package pk.gov.punjab.rabta.soap;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;

import javax.net.ssl.TrustManagerFactory;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;

import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A real CXF JAX-WS client (Dispatch, PAYLOAD mode) built from a served WSDL, and raw HTTP posts of whole envelopes. */
public final class SoapTestClient {
    private final Dispatch<Source> dispatch;

    private SoapTestClient(Dispatch<Source> dispatch) {
        this.dispatch = dispatch;
    }

    /** A client of the service at baseUrl + path, reading its contract from ?wsdl; null user sends no security header. */
    public static SoapTestClient of(String baseUrl, String path, QName service, QName port, String user, String password) throws Exception {
        Service client = Service.create(new URL(baseUrl + "/soap" + path + "?wsdl"), service);
        Dispatch<Source> dispatch = client.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
        dispatch.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, baseUrl + "/soap" + path);
        if (user != null) {
            ((DispatchImpl<?>) dispatch).getClient().getOutInterceptors().add(SoapSecurity.usernameToken(user, password));
        }
        return new SoapTestClient(dispatch);
    }

    /**
     * A client of the service at an https address, its contract read from a WSDL file (the bus's ?wsdl is behind the
     * same TLS), trusting only the certificates of the given store.
     */
    public static SoapTestClient overTls(String wsdl, String address, QName service, QName port, String user, String password,
                                         KeyStore trusted) throws Exception {
        Dispatch<Source> dispatch = Service.create(new URL(wsdl), service).createDispatch(port, Source.class, Service.Mode.PAYLOAD);
        dispatch.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        Client client = ((DispatchImpl<?>) dispatch).getClient();
        client.getOutInterceptors().add(SoapSecurity.usernameToken(user, password));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        TLSClientParameters tls = new TLSClientParameters();
        tls.setTrustManagers(trust.getTrustManagers());
        ((HTTPConduit) client.getConduit()).setTlsClientParameters(tls);
        return new SoapTestClient(dispatch);
    }

    /** Sends one body element (as XML text) and returns the response's body element. */
    public Element call(String payloadXml) throws Exception {
        Source response = dispatch.invoke(new StreamSource(new StringReader(payloadXml)));
        DOMResult result = new DOMResult();
        TransformerFactory.newInstance().newTransformer().transform(response, result);
        Document document = (Document) result.getNode();
        return document.getDocumentElement();
    }

    public static String text(Element element) throws Exception {
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new javax.xml.transform.dom.DOMSource(element), new StreamResult(out));
        return out.toString();
    }

    /** POSTs a hand-written envelope as it is. */
    public static HttpResponse<String> post(String url, String envelope) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A SOAP 1.1 envelope with a UsernameToken header (none when user is null) around the given body. */
    public static String envelope(String user, String password, String body) {
        String header = user == null ? "" : "<soap:Header><wsse:Security soap:mustUnderstand=\"1\""
                + " xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
                + "<wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
                + password + "</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>";
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">" + header + "<soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }
}

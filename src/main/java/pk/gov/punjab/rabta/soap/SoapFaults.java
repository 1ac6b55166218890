package pk.gov.punjab.rabta.soap;

import javax.xml.namespace.QName;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;

/**
 * SOAP 1.1 faults with a code a caller can act on: soap:Client.CODE when the request is wrong (sending it again will
 * not help), soap:Server.CODE when the bus could not do its part (sending it again later will).
 */
public final class SoapFaults {
    private static final String SOAP12_NAMESPACE = "http://www.w3.org/2003/05/soap-envelope";

    private SoapFaults() {
    }

    public static SoapFault client(String code, String message) {
        return new SoapFault(message, new QName(Soap11.SOAP_NAMESPACE, "Client." + code));
    }

    public static SoapFault server(String code, String message) {
        return new SoapFault(message, new QName(Soap11.SOAP_NAMESPACE, "Server." + code));
    }

    /** A fault saying the request itself is wrong: SOAP 1.1 Client, SOAP 1.2 Sender, with or without a sub-code. */
    public static boolean isClientFault(SoapFault fault) {
        return hasEnvelopeCode(fault, "Client", "Sender");
    }

    /** A fault saying the service could not do its part now: SOAP 1.1 Server, SOAP 1.2 Receiver, with or without a sub-code. */
    public static boolean isServerFault(SoapFault fault) {
        return hasEnvelopeCode(fault, "Server", "Receiver");
    }

    private static boolean hasEnvelopeCode(SoapFault fault, String soap11, String soap12) {
        QName code = fault.getFaultCode();
        String local = code == null ? "" : code.getLocalPart();
        boolean envelope = code != null && (Soap11.SOAP_NAMESPACE.equals(code.getNamespaceURI())
                || SOAP12_NAMESPACE.equals(code.getNamespaceURI()));
        return envelope && (local.equals(soap11) || local.startsWith(soap11 + ".") || local.equals(soap12) || local.startsWith(soap12 + "."));
    }
}

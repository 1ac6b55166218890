package pk.gov.punjab.rabta.soap;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Gives the faults CXF raises itself, before the bus sees a request, the codes and wording of the bus's own: XML that
 * does not parse is soap:Client.MalformedXml with the parser's words and position (not "Problems creating SAAJ
 * object model"), and a body element in another namespace is soap:Client.WrongNamespace.
 */
final class ReadableRequestFaults extends AbstractPhaseInterceptor<Message> {
    /** CXF's UNEXPECTED_ELEMENT and UNEXPECTED_WRAPPER_ELEMENT text: "Unexpected [wrapper ]element {ns}name found.   Expected {ns}name." */
    private static final Pattern UNEXPECTED_ELEMENT = Pattern.compile("Unexpected (?:wrapper )?element \\{([^}]*)\\}(\\S+) found\\.\\s+Expected \\{([^}]*)\\}(\\S+?)\\.?$");
    private static final Set<String> UNEXPECTED_ELEMENT_CODES = Set.of("UNEXPECTED_ELEMENT", "UNEXPECTED_WRAPPER_ELEMENT");

    ReadableRequestFaults() {
        // Before the fault is written (MARSHAL), while it is still CXF's own Fault.
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault)) {
            return;
        }
        for (Throwable t = fault.getCause(); t != null; t = t.getCause()) {
            if (t instanceof XMLStreamException parse) {
                recode(fault, "MalformedXml", "the request is not well-formed XML: " + String.valueOf(parse.getMessage()).replaceAll("\\s+", " ").trim());
                return;
            }
        }
        Matcher unexpected = UNEXPECTED_ELEMENT_CODES.contains(fault.getCode()) ? UNEXPECTED_ELEMENT.matcher(String.valueOf(fault.getMessage())) : null;
        if (unexpected != null && unexpected.matches()) {
            String found = "{" + unexpected.group(1) + "}" + unexpected.group(2);
            String expected = "{" + unexpected.group(3) + "}" + unexpected.group(4);
            boolean otherNamespace = !unexpected.group(1).equals(unexpected.group(3));
            recode(fault, otherNamespace ? "WrongNamespace" : "UnexpectedElement", "unexpected element " + found + "; expected " + expected);
        }
    }

    private static void recode(Fault fault, String code, String text) {
        fault.setMessage(text);
        fault.setFaultCode(new QName(Soap11.SOAP_NAMESPACE, "Client." + code));
    }
}

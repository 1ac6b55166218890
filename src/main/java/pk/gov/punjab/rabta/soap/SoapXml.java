package pk.gov.punjab.rabta.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.staxutils.StaxUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading and writing the body element of a SOAP message in PAYLOAD mode: flat records of named text fields. */
public final class SoapXml {
    private SoapXml() {
    }

    /** The request's body element, checked to be the expected one in the expected namespace. */
    public static Element request(Exchange exchange, String namespace, String localName) {
        Element element = bodyElement(exchange.getIn().getBody());
        if (element == null) {
            throw SoapFaults.client("BadRequest", "the SOAP body is empty; expected {" + namespace + "}" + localName);
        }
        if (!namespace.equals(element.getNamespaceURI()) || !localName.equals(element.getLocalName())) {
            throw SoapFaults.client("WrongNamespace", "unexpected element {" + element.getNamespaceURI() + "}" + element.getLocalName()
                    + "; expected {" + namespace + "}" + localName);
        }
        return element;
    }

    /** The first element of a PAYLOAD-mode body, whatever form the body has reached. */
    @SuppressWarnings("unchecked")
    public static Element bodyElement(Object body) {
        if (body instanceof CxfPayload<?> payload) {
            List<Source> sources = ((CxfPayload<SoapHeader>) payload).getBodySources();
            if (sources == null || sources.isEmpty()) {
                return null;
            }
            Source source = sources.get(0);
            if (source instanceof DOMSource dom && dom.getNode() instanceof Element element) {
                return element;
            }
            try {
                Document document = StaxUtils.read(source);
                return document.getDocumentElement();
            } catch (javax.xml.stream.XMLStreamException e) {
                throw SoapFaults.client("MalformedXml", "the SOAP body cannot be read: " + e.getMessage());
            }
        }
        return body instanceof Element element ? element : body instanceof Document document ? document.getDocumentElement() : null;
    }

    /** The child elements of a record in the same namespace, by local name, with their trimmed text; empty ones left out. */
    public static Map<String, Object> fields(Element record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Element child : children(record)) {
            String text = child.getTextContent() == null ? "" : child.getTextContent().trim();
            if (!text.isEmpty()) {
                fields.put(child.getLocalName(), text);
            }
        }
        return fields;
    }

    public static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    /** Children with this local name in the parent's namespace. */
    public static List<Element> children(Element parent, String localName) {
        return children(parent).stream()
                .filter(c -> localName.equals(c.getLocalName()) && java.util.Objects.equals(parent.getNamespaceURI(), c.getNamespaceURI()))
                .toList();
    }

    public static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        if (found.isEmpty()) {
            return null;
        }
        String text = found.get(0).getTextContent();
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** A new element in its own document, to become a request or a response. */
    public static Element element(String namespace, String localName) {
        Document document = newDocument();
        Element element = document.createElementNS(namespace, localName);
        document.appendChild(element);
        return element;
    }

    public static Element add(Element parent, String localName) {
        Element child = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), localName);
        parent.appendChild(child);
        return child;
    }

    /** Adds a text child, or nothing for a null value. */
    public static void add(Element parent, String localName, Object value) {
        if (value != null) {
            add(parent, localName).setTextContent(value.toString());
        }
    }

    /** A PAYLOAD-mode body holding one element. */
    public static CxfPayload<SoapHeader> payload(Element element) {
        List<Source> body = new ArrayList<>();
        body.add(new DOMSource(element));
        return new CxfPayload<>(new ArrayList<>(), body, null);
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}

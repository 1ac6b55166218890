package pk.gov.punjab.rabta.soap;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** rabta.soap.*: who may call the SOAP endpoints the bus serves under /soap/. */
@ConfigurationProperties("rabta.soap")
public class SoapSettings {
    /** UsernameToken user -> password; a user whose password is empty is refused. */
    private Map<String, String> users = new LinkedHashMap<>();

    public Map<String, String> getUsers() {
        return users;
    }

    public void setUsers(Map<String, String> users) {
        this.users = users;
    }
}

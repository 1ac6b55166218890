package pk.gov.punjab.rabta.soap;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;

import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;

/**
 * WS-Security UsernameToken for SOAP calls in both directions. The password travels as text in the token, so an
 * endpoint reached over a network other than the host's own should be https (server.ssl.* for the bus's endpoints,
 * an https endpoint and a trust store for a department's).
 */
public final class SoapSecurity {
    private SoapSecurity() {
    }

    /** Checks every request's UsernameToken against these users; a user with no password is refused. */
    public static WSS4JInInterceptor requireUsernameToken(Map<String, String> users) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConfigurationConstants.ACTION, ConfigurationConstants.USERNAME_TOKEN);
        properties.put(ConfigurationConstants.PASSWORD_TYPE, WSConstants.PW_TEXT);
        properties.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof WSPasswordCallback password) {
                    String known = users.get(password.getIdentifier());
                    // Leaving the password unset makes WSS4J refuse the token as a failed authentication.
                    if (known != null && !known.isEmpty()) {
                        password.setPassword(known);
                    }
                }
            }
        });
        return new WSS4JInInterceptor(properties);
    }

    /** Adds a UsernameToken with this user and password to every request. */
    public static WSS4JOutInterceptor usernameToken(String user, String password) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConfigurationConstants.ACTION, ConfigurationConstants.USERNAME_TOKEN);
        properties.put(ConfigurationConstants.USER, user);
        properties.put(ConfigurationConstants.PASSWORD_TYPE, WSConstants.PW_TEXT);
        properties.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof WSPasswordCallback token) {
                    token.setPassword(password == null ? "" : password);
                }
            }
        });
        return new WSS4JOutInterceptor(properties);
    }
}

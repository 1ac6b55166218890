package pk.gov.punjab.rabta.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** /console and /console/ lead to the console's page (static resources alone answer them with 404), behind the same login as the page. */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleAddresses implements WebMvcConfigurer {
    static final String PAGE = "/console/index.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", PAGE);
        registry.addRedirectViewController("/console/", PAGE);
    }
}

package pk.gov.punjab.rabta;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where the definition folders (routes, connectors, mappings, config) live; the working directory unless rabta.home says otherwise. */
@Component
public class RabtaPaths {
    private final Path home;

    @org.springframework.beans.factory.annotation.Autowired
    public RabtaPaths(@Value("${rabta.home:.}") String home) {
        this.home = Path.of(home).toAbsolutePath().normalize();
    }

    public RabtaPaths(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path connectors() {
        return home.resolve("connectors");
    }

    public Path mappings() {
        return home.resolve("mappings");
    }

    public Path schemas() {
        return mappings().resolve("schemas");
    }

    public Path codes() {
        return home.resolve("config").resolve("codes");
    }

    public Path routes() {
        return home.resolve("routes");
    }
}

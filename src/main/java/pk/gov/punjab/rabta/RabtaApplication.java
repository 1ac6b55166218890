package pk.gov.punjab.rabta;

import java.io.PrintWriter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

import pk.gov.punjab.rabta.cli.RabtaCli;

/** Starts the Rabta integration bus. */
@SpringBootApplication
@EnableScheduling
public class RabtaApplication {
    public static void main(String[] args) {
        // "rabta validate", "rabta mapping test ...": commands that check definitions without starting the bus.
        if (RabtaCli.handles(args)) {
            System.exit(RabtaCli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        }
        SpringApplication.run(RabtaApplication.class, args);
    }
}

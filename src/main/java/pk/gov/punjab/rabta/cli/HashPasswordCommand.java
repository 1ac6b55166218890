package pk.gov.punjab.rabta.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** rabta hash-password: the {bcrypt} hash to put in rabta.security.users.NAME.password-hash. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Prints the hash of a password for rabta.security.users.<name>.password-hash.",
                "The password is read from RABTA_PASSWORD, else from the first line of standard input, never from an argument."})
class HashPasswordCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String password = System.getenv(BusConnection.PASSWORD_VARIABLE);
        if (password == null) {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.length() < 12) {
            throw new BusConnection.Failure(BusConnection.ExitCodes.USAGE, "Give a password of at least 12 characters");
        }
        spec.commandLine().getOut().println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
        return BusConnection.ExitCodes.OK;
    }
}

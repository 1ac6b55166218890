package pk.gov.punjab.rabta.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import pk.gov.punjab.rabta.RabtaApplication;

/** The bus started as a process of its own, from the test's classpath, so a test can kill it with SIGKILL. */
public final class BusProcess {
    private BusProcess() {
    }

    /** Starts the bus with the given arguments; its output is appended to log. */
    public static Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived process: quick start matters more than peak compiled speed.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RabtaApplication.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}

package pk.gov.punjab.rabta.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionWatcherTests {
    @TempDir
    Path home;

    @Test
    void severalSavesInQuickSuccessionTriggerOneReloadOnceTheFilesAreQuiet() throws Exception {
        Path mappings = Files.createDirectories(home.resolve("mappings"));
        Path codes = Files.createDirectories(home.resolve("codes"));
        AtomicInteger reloads = new AtomicInteger();
        try (DefinitionWatcher watcher = new DefinitionWatcher(List.of(mappings, codes, home.resolve("absent")), Duration.ofMillis(700),
                reloads::incrementAndGet)) {
            watcher.start();

            Files.writeString(mappings.resolve("a.yaml"), "version: 1\n");
            Files.writeString(codes.resolve("jails.csv"), "code,name\n");
            Files.writeString(mappings.resolve("a.yaml"), "version: 2\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> reloads.get() == 1);
            Thread.sleep(1_500);
            assertThat(reloads.get()).isEqualTo(1);

            Files.delete(codes.resolve("jails.csv"));
            await().atMost(Duration.ofSeconds(30)).until(() -> reloads.get() == 2);
        }
    }
}

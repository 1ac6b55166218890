package pk.gov.punjab.rabta.definition;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;

/**
 * With rabta.definitions.watch=true, a change under routes/, connectors/, mappings/ or config/codes/ triggers the same
 * reload as POST /api/definitions/reload, once the files have been quiet for a moment, as editors save in steps.
 */
@Component
@ConditionalOnProperty(name = "rabta.definitions.watch", havingValue = "true")
public class DefinitionWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DefinitionWatcher.class);

    private final List<Path> folders;
    private final Duration quiet;
    private final Runnable onChange;
    private WatchService watch;
    private Thread thread;

    @Autowired
    public DefinitionWatcher(RabtaPaths paths, DefinitionReload reload) {
        this(List.of(paths.routes(), paths.connectors(), paths.mappings(), paths.schemas(), paths.codes()), Duration.ofSeconds(1),
                reload::reload);
    }

    DefinitionWatcher(List<Path> folders, Duration quiet, Runnable onChange) {
        this.folders = folders;
        this.quiet = quiet;
        this.onChange = onChange;
    }

    /** Starts once the bus runs, so a save during start-up does not reload half-started routes. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() throws IOException {
        watch = FileSystems.getDefault().newWatchService();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        thread = new Thread(this::watchLoop, "rabta-definition-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("Watching {} for definition changes", folders);
    }

    private void watchLoop() {
        try {
            while (true) {
                drain(watch.take());
                // Waits until nothing has changed for the quiet period, then reloads once for the lot.
                WatchKey next;
                while ((next = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(next);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.error("Reload after a definition change failed: {}", e.getMessage(), e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the bus is stopping
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public synchronized void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}

package pk.gov.punjab.rabta.bench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The disk's synchronous write rate: 4 KiB written and forced to the device, one after another, for a fixed time. */
final class DiskSync {
    private DiskSync() {
    }

    /** Forced 4 KiB writes per second in a file under dir, over the given seconds. */
    static double syncsPerSecond(Path dir, double seconds) throws IOException {
        Path file = dir.resolve("fsync-probe.dat");
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        long syncs = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long began = System.nanoTime();
            long end = began + (long) (seconds * 1e9);
            long now = began;
            while (now < end) {
                block.clear();
                // A ring of 256 blocks, as a journal reuses its files, so the file's size settles at 1 MiB.
                channel.write(block, (syncs % 256) * 4096);
                channel.force(false);
                syncs++;
                now = System.nanoTime();
            }
            return syncs / ((now - began) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

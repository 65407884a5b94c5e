package org.weft.lab.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * A lab's state file, {@code lab.json} in its run directory. Every change is a read, change and
 * atomic rewrite under a lock ({@code lab.lock}, held across processes and threads), so that
 * several {@code weft lab} commands and the threads of one can record what they make without losing
 * each other's entries.
 */
public final class StateFile {
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    // A FileLock is held per process, not per thread: threads of this process take turns here.
    private static final Object THREADS = new Object();

    private final Path file;

    private StateFile(Path file) {
        this.file = file;
    }

    public static StateFile in(Path runDirectory) {
        return new StateFile(runDirectory.resolve("lab.json"));
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The state as last written. */
    public LabState read() {
        synchronized (THREADS) {
            try (Held held = lock()) {
                return load();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lab state " + file + ": " + e, e);
            }
        }
    }

    /** Applies {@code change} to the state as last written, writes it, and returns it. */
    public LabState update(Consumer<LabState> change) {
        synchronized (THREADS) {
            try (Held held = lock()) {
                LabState state = Files.exists(file) ? load() : new LabState();
                change.accept(state);
                write(state);
                return state;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update lab state " + file + ": " + e, e);
            }
        }
    }

    private LabState load() throws IOException {
        return JSON.readValue(file.toFile(), LabState.class);
    }

    private void write(LabState state) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        JSON.writeValue(temporary.toFile(), state);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private Held lock() throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel =
                FileChannel.open(
                        file.resolveSibling("lab.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
        try {
            channel.lock();
            return new Held(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The lock, released with its channel. */
    private record Held(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}

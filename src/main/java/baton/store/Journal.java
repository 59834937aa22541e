package baton.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The data directory's append-only file of commits not yet in the database ({@code baton.journal}).
 * A record is its length, a CRC-32C of its bytes, and the bytes; each is written with one write
 * call, as H2 wrote a commit (neither forces the disk: a commit outlives the process, not a power
 * cut; docs/storage.md). A record cut short by a crash, or damaged, ends what is read back.
 */
final class Journal implements AutoCloseable {
    static final String FILE = "baton.journal";
    private static final int HEADER = 8;

    private final Path path;
    private FileChannel file;

    private Journal(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    static Journal open(Path dataDir) throws IOException {
        Path path = dataDir.resolve(FILE);
        var file = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes());
        return new Journal(path, file);
    }

    Path path() {
        return path;
    }

    /** What the journal holds, in order, up to the first record that is cut short or damaged; what follows it is cut off. */
    List<byte[]> readAll() throws IOException {
        List<byte[]> records = new ArrayList<>();
        long size = file.size(), at = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (at + HEADER <= size) {
            header.clear();
            readFully(header, at);
            int length = header.getInt(0), crc = header.getInt(4);
            if (length < 0 || at + HEADER + length > size) break;
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(body, at + HEADER);
            if (crc(length, body.array()) != crc) break;
            records.add(body.array());
            at += HEADER + length;
        }
        if (at < size) {
            // kept beside it, not lost: a crash cuts a record short, but damage in the middle
            // would take whole records after it with it, and only a person can judge those
            Path dropped = path.resolveSibling(FILE + ".dropped");
            ByteBuffer rest = ByteBuffer.allocate((int) Math.min(size - at, Integer.MAX_VALUE - 8));
            readFully(rest, at);
            try (var out = FileChannel.open(dropped, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE), OwnerOnly.fileAttributes())) {
                rest.flip();
                while (rest.hasRemaining()) out.write(rest);
            }
            System.getLogger("baton.store").log(System.Logger.Level.WARNING, "the journal " + path + " ends in " + (size - at)
                    + " bytes that are not a whole record (a crash while one was written, or damage): they are left out, and kept in "
                    + dropped);
            file.truncate(at);
        }
        file.position(at);
        return records;
    }

    /** Appends one record; on failure (a full disk) the journal is as it was before. */
    void append(byte[] record) throws IOException {
        long before = file.position();
        ByteBuffer buf = framed(record);
        try {
            while (buf.hasRemaining()) file.write(buf);
        } catch (IOException e) {
            try {
                file.truncate(before);
                file.position(before);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** Empties the journal (everything in it is in the database). */
    void clear() throws IOException {
        file.truncate(0);
        file.position(0);
    }

    /**
     * Replaces what the journal holds with {@code records}: written to a file beside it and moved
     * over it, so that a crash leaves either the old journal or the new one, whole.
     */
    void replaceWith(List<byte[]> records) throws IOException {
        Path next = path.resolveSibling(FILE + ".next");
        // the channel that wrote the new journal is the one appended to once it is moved in:
        // nothing can fail between the move and the next append
        FileChannel out = FileChannel.open(next, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
                StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
        try {
            for (byte[] r : records) {
                ByteBuffer buf = framed(r);
                while (buf.hasRemaining()) out.write(buf);
            }
            java.nio.file.Files.move(next, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        FileChannel old = file;
        file = out;
        old.close();
    }

    private static ByteBuffer framed(byte[] record) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + record.length);
        buf.putInt(record.length).putInt(crc(record.length, record)).put(record).flip();
        return buf;
    }

    long size() throws IOException {
        return file.size();
    }

    private void readFully(ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            if (file.read(buf, at + buf.position()) < 0) throw new IOException("the journal " + path + " ended while it was read");
        }
    }

    /** Of the length and the bytes: a stretch of zeros (what a power cut can leave where a file grew) is not a record. */
    private static int crc(int length, byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(bytes);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}

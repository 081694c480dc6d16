package dev.firstpass.monitor.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The frame shared by the monitor's binary serdes: a format version byte, then fields written with
 * {@link DataOutputStream}; nulls pass through as nulls.
 *
 * <p>The records on the per-epoch path (run state, run snapshots) hold every value of a run and are
 * read and written several times per epoch event; raw doubles cost a fraction of their JSON.
 */
final class BinaryRecords {

    /** Writes the fields of a record after the format byte. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T record, DataOutputStream out) throws IOException;
    }

    /** Reads the fields of a record after the format byte. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private BinaryRecords() {
    }

    /** A serde of {@code what} (for messages) in format {@code format}. */
    static <T> Serde<T> serde(String what, byte format, Writer<T> writer, Reader<T> reader) {
        return Serdes.serdeFrom((topic, record) -> write(what, format, writer, record),
                (topic, bytes) -> read(what, format, reader, bytes));
    }

    private static <T> byte[] write(String what, byte format, Writer<T> writer, T record) {
        if (record == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            writer.write(record, out);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + what, e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(String what, byte format, Reader<T> reader, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte found = in.readByte();
            if (found != format) {
                throw new SerializationException("unknown " + what + " format " + found + " (known: " + format + ")");
            }
            return reader.read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read " + what, e);
        }
    }

    static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

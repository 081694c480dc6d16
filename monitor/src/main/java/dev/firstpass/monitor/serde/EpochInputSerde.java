package dev.firstpass.monitor.serde;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.monitor.deadletter.SourceRecord;
import dev.firstpass.monitor.input.RunInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An epoch event read from a foreign topic, with the record it came from, on its way through the
 * repartition by run id: a format version, the source record's origin and bytes, then the event as
 * FirstPass JSON.
 *
 * <p>The source record travels along because the run step may still reject the event (a conflicting
 * value, a missing metric) and a dead letter carries the original bytes and origin.
 */
final class EpochInputSerde {

    private static final byte FORMAT = 1;

    private EpochInputSerde() {
    }

    static Serde<RunInput> create() {
        return Serdes.serdeFrom((topic, input) -> write(input), (topic, bytes) -> read(bytes));
    }

    private static byte[] write(RunInput input) {
        if (input == null) {
            return null;
        }
        if (!(input instanceof RunInput.Epoch epoch)) {
            // Dead letters leave before the repartition; anything else here is a wiring fault.
            throw new SerializationException("only epoch events are repartitioned, not " + input);
        }
        SourceRecord source = epoch.source();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(source.topic());
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            writeNullable(out, source.key());
            writeNullable(out, source.value());
            writeNullable(out, ProtocolJson.writeBytes(epoch.event()));
        } catch (IOException e) {
            throw new SerializationException("cannot write an epoch event of run " + epoch.event().runId(), e);
        }
        return bytes.toByteArray();
    }

    private static RunInput read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown epoch input format " + format + " (known: " + FORMAT + ")");
            }
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] key = readNullable(in);
            byte[] value = readNullable(in);
            EpochEvent event = ProtocolJson.parseEpochEvent(readNullable(in));
            return new RunInput.Epoch(event, new SourceRecord(key, value, topic, partition, offset));
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a repartitioned epoch event", e);
        }
    }

    private static void writeNullable(DataOutputStream out, byte[] data) throws IOException {
        out.writeInt(data == null ? -1 : data.length);
        if (data != null) {
            out.write(data);
        }
    }

    private static byte[] readNullable(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }
}

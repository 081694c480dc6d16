package dev.firstpass.monitor.serde;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.WireMessage;
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
 * An input found outside its run's partition (an epoch event, an ack or a lifecycle message), with the
 * record it came from, on its way through the repartition by run id: a format version, the kind of
 * message, the source record's origin and bytes, then the message as FirstPass JSON.
 *
 * <p>The source record travels along because the run step may still reject the message (a conflicting
 * value, a missing metric) and a dead letter carries the original bytes and origin. Format 1, written
 * by earlier versions for foreign epoch events only, is still read.
 */
final class RunInputSerde {

    private static final byte EPOCHS_ONLY = 1;
    private static final byte FORMAT = 2;
    private static final byte EPOCH = 'E';
    private static final byte ACK = 'A';
    private static final byte LIFECYCLE = 'L';

    private RunInputSerde() {
    }

    static Serde<RunInput> create() {
        return Serdes.serdeFrom((topic, input) -> write(input), (topic, bytes) -> read(bytes));
    }

    private static byte[] write(RunInput input) {
        if (input == null) {
            return null;
        }
        byte kind;
        SourceRecord source;
        WireMessage message;
        if (input instanceof RunInput.Epoch epoch) {
            kind = EPOCH;
            source = epoch.source();
            message = epoch.event();
        } else if (input instanceof RunInput.Answer answer) {
            kind = ACK;
            source = answer.source();
            message = answer.ack();
        } else if (input instanceof RunInput.Lifecycle lifecycle) {
            kind = LIFECYCLE;
            source = lifecycle.source();
            message = lifecycle.message();
        } else {
            // Dead letters go on in place; anything else here is a wiring fault.
            throw new SerializationException("only usable inputs are repartitioned, not " + input);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind);
            out.writeUTF(source.topic());
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            writeNullable(out, source.key());
            writeNullable(out, source.value());
            writeNullable(out, ProtocolJson.writeBytes(message));
        } catch (IOException e) {
            throw new SerializationException("cannot write an input of run " + runIdOf(message), e);
        }
        return bytes.toByteArray();
    }

    private static RunInput read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT && format != EPOCHS_ONLY) {
                throw new SerializationException("unknown run input format " + format + " (known: " + EPOCHS_ONLY
                        + ", " + FORMAT + ")");
            }
            byte kind = format == EPOCHS_ONLY ? EPOCH : in.readByte();
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] key = readNullable(in);
            byte[] value = readNullable(in);
            byte[] json = readNullable(in);
            SourceRecord source = new SourceRecord(key, value, topic, partition, offset);
            return switch (kind) {
                case EPOCH -> new RunInput.Epoch(ProtocolJson.parseEpochEvent(json), source);
                case ACK -> new RunInput.Answer(ProtocolJson.parseAck(json), source);
                case LIFECYCLE -> new RunInput.Lifecycle(ProtocolJson.parseRunLifecycle(json), source);
                default -> throw new SerializationException("unknown run input kind " + kind);
            };
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a repartitioned run input", e);
        }
    }

    private static String runIdOf(WireMessage message) {
        if (message instanceof EpochEvent event) {
            return event.runId();
        }
        return message instanceof Ack ack ? ack.runId() : ((RunLifecycle) message).runId();
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

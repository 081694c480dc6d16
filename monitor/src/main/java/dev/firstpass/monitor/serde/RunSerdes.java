package dev.firstpass.monitor.serde;

import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.run.RunStatus;
import dev.firstpass.monitor.run.TargetPassage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;

/** {@link RunState} and {@link RunSnapshot} in the binary frame of {@link BinaryRecords}. */
final class RunSerdes {

    private static final byte STATE_FORMAT = 1;
    private static final byte SNAPSHOT_FORMAT = 1;

    private RunSerdes() {
    }

    static Serde<RunState> state() {
        return BinaryRecords.serde("run state", STATE_FORMAT, RunSerdes::writeState, RunSerdes::readState);
    }

    static Serde<RunSnapshot> snapshot() {
        return BinaryRecords.serde("run snapshot", SNAPSHOT_FORMAT, RunSerdes::writeSnapshot, RunSerdes::readSnapshot);
    }

    private static void writeState(RunState run, DataOutputStream out) throws IOException {
        out.writeUTF(run.runId());
        out.writeUTF(run.experiment());
        BinaryRecords.writeNullable(out, run.arm());
        out.writeInt(run.segment());
        out.writeInt(run.epochs().size());
        for (Map.Entry<Integer, EpochValue> entry : run.epochs().entrySet()) {
            out.writeInt(entry.getKey());
            out.writeInt(entry.getValue().segment());
            out.writeDouble(entry.getValue().value());
        }
        writeInts(out, run.kicks());
        out.writeUTF(run.status().name());
        BinaryRecords.writeNullable(out, run.finishReason());
        out.writeLong(run.lastSeen().getEpochSecond());
        out.writeInt(run.lastSeen().getNano());
        out.writeInt(run.passages().size());
        for (TargetPassage passage : run.passages()) {
            out.writeDouble(passage.target());
            out.writeBoolean(passage.epoch() != null);
            out.writeInt(passage.epoch() == null ? 0 : passage.epoch());
        }
        out.writeBoolean(run.plateau());
    }

    private static RunState readState(DataInputStream in) throws IOException {
        String runId = in.readUTF();
        String experiment = in.readUTF();
        String arm = BinaryRecords.readNullable(in);
        int segment = in.readInt();
        TreeMap<Integer, EpochValue> epochs = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            int epoch = in.readInt();
            epochs.put(epoch, new EpochValue(in.readInt(), in.readDouble()));
        }
        TreeSet<Integer> kicks = new TreeSet<>(readInts(in));
        RunStatus status = RunStatus.valueOf(in.readUTF());
        String finishReason = BinaryRecords.readNullable(in);
        Instant lastSeen = Instant.ofEpochSecond(in.readLong(), in.readInt());
        List<TargetPassage> passages = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            double target = in.readDouble();
            boolean reached = in.readBoolean();
            int epoch = in.readInt();
            passages.add(new TargetPassage(target, reached ? epoch : null));
        }
        boolean plateau = in.readBoolean();
        return new RunState(runId, experiment, arm, segment, epochs, kicks, status, finishReason, lastSeen, passages,
                plateau);
    }

    private static void writeSnapshot(RunSnapshot run, DataOutputStream out) throws IOException {
        out.writeUTF(run.experiment());
        out.writeUTF(run.runId());
        BinaryRecords.writeNullable(out, run.arm());
        out.writeInt(run.values().size());
        for (double value : run.values()) {
            out.writeDouble(value);
        }
        writeInts(out, run.kicks());
        out.writeUTF(run.status().name());
        BinaryRecords.writeNullable(out, run.finishReason());
    }

    private static RunSnapshot readSnapshot(DataInputStream in) throws IOException {
        String experiment = in.readUTF();
        String runId = in.readUTF();
        String arm = BinaryRecords.readNullable(in);
        int count = in.readInt();
        List<Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readDouble());
        }
        List<Integer> kicks = readInts(in);
        RunStatus status = RunStatus.valueOf(in.readUTF());
        String finishReason = BinaryRecords.readNullable(in);
        return new RunSnapshot(experiment, runId, arm, values, kicks, status, finishReason);
    }

    private static void writeInts(DataOutputStream out, Collection<Integer> ints) throws IOException {
        out.writeInt(ints.size());
        for (int value : ints) {
            out.writeInt(value);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Integer> ints = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ints.add(in.readInt());
        }
        return ints;
    }
}

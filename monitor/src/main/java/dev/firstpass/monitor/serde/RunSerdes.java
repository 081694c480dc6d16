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
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;

/** {@link RunState} and {@link RunSnapshot} in the binary frame of {@link BinaryRecords}. */
final class RunSerdes {

    /** 2: the epochs left the run state for entries of their own. */
    private static final byte STATE_FORMAT = 2;
    private static final byte EPOCH_FORMAT = 1;
    private static final byte SNAPSHOT_FORMAT = 1;

    private RunSerdes() {
    }

    static Serde<RunState> state() {
        return BinaryRecords.serde("run state", STATE_FORMAT, RunSerdes::writeState, RunSerdes::readState);
    }

    static Serde<EpochValue> epochValue() {
        return BinaryRecords.serde("run epoch", EPOCH_FORMAT, (epoch, out) -> {
            out.writeInt(epoch.segment());
            out.writeDouble(epoch.value());
        }, in -> new EpochValue(in.readInt(), in.readDouble()));
    }

    static Serde<RunSnapshot> snapshot() {
        return BinaryRecords.serde("run snapshot", SNAPSHOT_FORMAT, RunSerdes::writeSnapshot, RunSerdes::readSnapshot);
    }

    private static void writeState(RunState run, DataOutputStream out) throws IOException {
        out.writeUTF(run.runId());
        out.writeUTF(run.experiment());
        BinaryRecords.writeNullable(out, run.arm());
        out.writeInt(run.segment());
        out.writeInt(run.contiguous());
        out.writeInt(run.lastEpoch());
        writeDoubles(out, run.recent());
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
        int contiguous = in.readInt();
        int lastEpoch = in.readInt();
        List<Double> recent = readDoubles(in);
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
        return new RunState(runId, experiment, arm, segment, contiguous, lastEpoch, recent, kicks, status, finishReason, lastSeen, passages,
                plateau);
    }

    private static void writeSnapshot(RunSnapshot run, DataOutputStream out) throws IOException {
        out.writeUTF(run.experiment());
        out.writeUTF(run.runId());
        BinaryRecords.writeNullable(out, run.arm());
        writeDoubles(out, run.values());
        writeInts(out, run.kicks());
        out.writeUTF(run.status().name());
        BinaryRecords.writeNullable(out, run.finishReason());
    }

    private static RunSnapshot readSnapshot(DataInputStream in) throws IOException {
        String experiment = in.readUTF();
        String runId = in.readUTF();
        String arm = BinaryRecords.readNullable(in);
        List<Double> values = readDoubles(in);
        List<Integer> kicks = readInts(in);
        RunStatus status = RunStatus.valueOf(in.readUTF());
        String finishReason = BinaryRecords.readNullable(in);
        return new RunSnapshot(experiment, runId, arm, values, kicks, status, finishReason);
    }

    private static void writeDoubles(DataOutputStream out, Collection<Double> doubles) throws IOException {
        out.writeInt(doubles.size());
        for (double value : doubles) {
            out.writeDouble(value);
        }
    }

    private static List<Double> readDoubles(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Double> doubles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            doubles.add(in.readDouble());
        }
        return doubles;
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

package dev.firstpass.monitor.serde;

import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link ExperimentState} in a compact binary form: raw IEEE 754 doubles, led by a format version.
 *
 * <p>The state holds every value of every run and is rewritten whenever one run reports an epoch;
 * as JSON, formatting and parsing those doubles was most of the monitor's work.
 */
final class ExperimentStateSerde {

    private static final byte FORMAT = 1;

    private ExperimentStateSerde() {
    }

    static Serde<ExperimentState> create() {
        return Serdes.serdeFrom((topic, state) -> write(state), (topic, bytes) -> read(bytes));
    }

    private static byte[] write(ExperimentState state) {
        if (state == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(state.experiment());
            out.writeBoolean(state.dirty());
            out.writeInt(state.runs().size());
            for (RunSnapshot run : state.runs().values()) {
                out.writeUTF(run.runId());
                writeNullable(out, run.arm());
                out.writeInt(run.values().size());
                for (double value : run.values()) {
                    out.writeDouble(value);
                }
                out.writeInt(run.kicks().size());
                for (int kick : run.kicks()) {
                    out.writeInt(kick);
                }
                out.writeUTF(run.status().name());
                writeNullable(out, run.finishReason());
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write the state of experiment " + state.experiment(), e);
        }
        return bytes.toByteArray();
    }

    private static ExperimentState read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown experiment state format " + format + " (known: " + FORMAT
                        + ")");
            }
            String experiment = in.readUTF();
            boolean dirty = in.readBoolean();
            int count = in.readInt();
            TreeMap<String, RunSnapshot> runs = new TreeMap<>();
            for (int r = 0; r < count; r++) {
                String runId = in.readUTF();
                String arm = readNullable(in);
                List<Double> values = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    values.add(in.readDouble());
                }
                List<Integer> kicks = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    kicks.add(in.readInt());
                }
                RunStatus status = RunStatus.valueOf(in.readUTF());
                String finishReason = readNullable(in);
                runs.put(runId, new RunSnapshot(experiment, runId, arm, values, kicks, status, finishReason));
            }
            return new ExperimentState(experiment, runs, dirty);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read a stored experiment state", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

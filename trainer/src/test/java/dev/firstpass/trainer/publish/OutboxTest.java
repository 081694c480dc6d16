package dev.firstpass.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    @Test
    void keepsOrderAcrossMemoryAndSpoolWhenMemoryOverflows() throws InterruptedException {
        Outbox outbox = new Outbox(2, new SpoolFile(dir.resolve("run.spool")));
        for (int i = 1; i <= 5; i++) {
            outbox.add(record(i));
        }

        assertThat(outbox.spooledCount()).isEqualTo(3);
        assertThat(drain(outbox)).containsExactly("1", "2", "3", "4", "5");
        assertThat(outbox.size()).isZero();
        assertThat(dir.resolve("run.spool")).doesNotExist();
    }

    @Test
    void newRecordsQueueBehindSpooledOnesEvenWhenMemoryHasRoomAgain() throws InterruptedException {
        Outbox outbox = new Outbox(2, new SpoolFile(dir.resolve("run.spool")));
        outbox.add(record(1));
        outbox.add(record(2));
        outbox.add(record(3));
        outbox.removeOldest(1);
        outbox.add(record(4));

        assertThat(drain(outbox)).containsExactly("2", "3", "4");
    }

    @Test
    void unsentRecordsSpooledAtCloseAreSentFirstByTheNextProcess() throws InterruptedException {
        Path spool = dir.resolve("run.spool");
        Outbox first = new Outbox(2, new SpoolFile(spool));
        for (int i = 1; i <= 4; i++) {
            first.add(record(i));
        }
        first.removeOldest(1);
        first.spoolEverything();

        Outbox second = new Outbox(2, new SpoolFile(spool));
        second.add(record(5));

        assertThat(second.size()).isEqualTo(4);
        assertThat(drain(second)).containsExactly("2", "3", "4", "5");
    }

    @Test
    void aLastSpoolLineTornByAKillIsDroppedAndTheNextRecordStaysReadable() throws Exception {
        Path spool = dir.resolve("run.spool");
        Outbox killed = new Outbox(1, new SpoolFile(spool));
        for (int i = 1; i <= 3; i++) {
            killed.add(record(i));
        }
        // The process dies halfway through appending record 4: no newline ends the file.
        String fourth = record(4).toLine();
        Files.writeString(spool, fourth.substring(0, fourth.length() / 2), StandardOpenOption.APPEND);

        Outbox next = new Outbox(1, new SpoolFile(spool));
        next.add(record(5));

        // Record 1 was only in the killed process's memory; 4 was never complete.
        assertThat(drain(next)).containsExactly("2", "3", "5");
    }

    @Test
    void spoolLineRoundTripsAnyBytes() {
        OutboundRecord record = new OutboundRecord("t\tpic", "run 1\n", new byte[] {0, 10, 13, 32, -1});

        OutboundRecord back = OutboundRecord.fromLine(record.toLine());

        assertThat(back.topic()).isEqualTo("t\tpic");
        assertThat(back.key()).isEqualTo("run 1\n");
        assertThat(back.value()).containsExactly(0, 10, 13, 32, -1);
    }

    private static OutboundRecord record(int n) {
        return new OutboundRecord("topic", "run", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> drain(Outbox outbox) throws InterruptedException {
        List<String> values = new ArrayList<>();
        List<OutboundRecord> oldest = outbox.oldest(1, 0);
        while (!oldest.isEmpty()) {
            values.add(new String(oldest.get(0).value(), StandardCharsets.UTF_8));
            outbox.removeOldest(1);
            oldest = outbox.oldest(1, 0);
        }
        return values;
    }
}

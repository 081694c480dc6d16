from firstpass.outbox import Outbox, OutboundRecord, SpoolFile


def record(n):
    return OutboundRecord("training.metrics.epoch", "run-1", b'{"n":%d}' % n)


def test_records_beyond_memory_go_to_the_spool_and_come_back_in_order(tmp_path):
    outbox = Outbox(3, SpoolFile(str(tmp_path / "r.spool")))
    for n in range(10):
        outbox.add(record(n))
    assert (len(outbox.memory), outbox.spool.pending, outbox.spooled) == (3, 7, 7)

    delivered = []
    while outbox.size():
        window = outbox.oldest(2, 0)
        delivered += window
        outbox.remove_oldest(len(window))

    assert delivered == [record(n) for n in range(10)]
    assert not (tmp_path / "r.spool").exists()


def test_a_later_process_sends_first_what_an_earlier_one_left_unsent(tmp_path):
    path = str(tmp_path / "r.spool")
    first = Outbox(2, SpoolFile(path))
    for n in range(5):
        first.add(record(n))
    first.remove_oldest(1)  # record 0 was delivered
    first.spool_everything()

    second = Outbox(2, SpoolFile(path))
    second.add(record(5))
    delivered = []
    while second.size():
        window = second.oldest(16, 0)
        delivered += window
        second.remove_oldest(len(window))

    assert delivered == [record(n) for n in range(1, 6)]


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_rest_delivered(tmp_path):
    path = tmp_path / "r.spool"
    path.write_text(record(1).to_line() + "\nAAA\n" + record(2).to_line() + "\n")
    outbox = Outbox(10, SpoolFile(str(path)))
    assert outbox.oldest(10, 0) == [record(1), record(2)]


def test_spool_lines_have_the_java_trainers_form():
    assert record(7).to_line() == "dHJhaW5pbmcubWV0cmljcy5lcG9jaA== cnVuLTE= eyJuIjo3fQ=="
    assert OutboundRecord.from_line(record(7).to_line()) == record(7)

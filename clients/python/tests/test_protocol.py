"""The wire format against the Java side's own output, byte for byte, and its reasons word for word."""

import math

import pytest

from firstpass.javatext import Instant
from firstpass.protocol import (Ack, Command, EpochEvent, Headers, InvalidRecordError, RunFinished, RunStarted,
                                Schedule, parse_command)

T = Instant.parse("2025-03-01T12:00:00Z")


def test_epoch_event_is_the_json_the_java_trainer_writes():
    metrics = {"acc": 0.5, "loss": math.nan, "big": 1e20, "small": 1e-5, "one": 1.0, "neg": -math.inf}
    event = EpochEvent("e", "r", None, 1, 0, Instant.parse("2025-03-01T12:00:00.120Z"), metrics, 0, {})

    assert event.to_json() == (b'{"schema":1,"experiment":"e","run_id":"r","arm":null,"epoch":1,"segment":0,'
                               b'"time":"2025-03-01T12:00:00.120Z","metrics":{"acc":0.5,"loss":"NaN","big":1.0E20,'
                               b'"small":1.0E-5,"one":1.0,"neg":"-Infinity"},"perturbations_applied":0,'
                               b'"hyperparams":{}}')


def test_lifecycle_and_ack_messages_are_the_json_the_java_trainer_writes():
    assert RunStarted("e", "r", None, T, 3, 10, True, {"a": "b"}).to_json() == (
        b'{"schema":1,"type":"run_started","experiment":"e","run_id":"r","arm":null,"time":"2025-03-01T12:00:00Z",'
        b'"seed":3,"max_epochs":10,"controllable":true,"config":{"a":"b"}}')
    assert RunFinished("e", "r", Instant.parse("2025-03-01T12:00:00.000001Z"), "completed", 10).to_json() == (
        b'{"schema":1,"type":"run_finished","experiment":"e","run_id":"r","time":"2025-03-01T12:00:00.000001Z",'
        b'"reason":"completed","last_epoch":10}')
    assert Ack("c", "e", "r", "refused", None, "why", Instant.parse("2025-03-01T12:00:00.123456789Z")).to_json() == (
        b'{"schema":1,"command_id":"c","experiment":"e","run_id":"r","status":"refused","epoch":null,"reason":"why",'
        b'"time":"2025-03-01T12:00:00.123456789Z"}')


def test_commands_fill_in_defaults_and_read_back_equal():
    command = Command("c", "e", "r", "shrink_perturb", {}, Schedule.periodic(5, 10), T)

    assert command.to_json() == (b'{"schema":1,"command_id":"c","experiment":"e","run_id":"r","kind":"shrink_perturb",'
                                 b'"params":{"shrink":0.4,"perturb":0.1},"schedule":{"type":"periodic","every":5,'
                                 b'"from_epoch":10},"issued_at":"2025-03-01T12:00:00Z","arm":null}')
    assert parse_command(command.to_json()) == command
    stop = Command("c", "e", "r", "full_reset", {}, Schedule.stop(), T, "arm1")
    assert stop.to_json().endswith(b'"schedule":{"type":"stop"},"issued_at":"2025-03-01T12:00:00Z","arm":"arm1"}')


@pytest.mark.parametrize("body, reason", [
    # Each reason is what ProtocolJson.parseCommand says about the same body.
    ('{"schema":1,"command_id":"c","experiment":"e","run_id":"r","kind":"shrink_perturb","params":{"shrink":1.5,'
     '"perturb":-1,"zz":1},"schedule":{"type":"periodic","every":0,"from_epoch":0},"issued_at":"2025"}',
     'schedule.every must be at least 1: 0; schedule.from_epoch must be at least 1: 0; issued_at must be an ISO-8601'
     ' instant such as "2024-05-01T12:00:00Z": "2025"; shrink_perturb parameter \'shrink\' must be in (0, 1]: 1.5;'
     ' shrink_perturb parameter \'perturb\' must be at least 0: -1.0; shrink_perturb does not take parameter \'zz\''
     ' (takes shrink, perturb)'),
    ('{"schema":2}', "unsupported schema version 2 (supported: 1)"),
    ("[1]", "a message must be a JSON object: [1]"),
    ("", "malformed JSON: no content"),
    ('{"schema":1}', "command_id is required; experiment is required; run_id is required; kind is required;"
                     " schedule is required; issued_at is required"),
    ('{"schema":1,"command_id":"c","experiment":"e","run_id":"r","kind":"partial_reset","params":{"fraction":"x"},'
     '"schedule":{"type":"weird"},"issued_at":"2025-03-01T12:00:00+01:00"}',
     'partial_reset parameter \'fraction\' must be a number: "x"; schedule.type must be next_epoch, periodic or stop:'
     ' "weird"'),
    ('{"schema":1,"command_id":"","experiment":5,"run_id":"r","kind":"warm","params":[],"schedule":{},'
     '"issued_at":"2025-03-01T12:00:00Z","arm":" "}',
     'experiment must be a string: 5; kind must be one of shrink_perturb, partial_reset, full_reset, warm_restart,'
     ' weight_noise: "warm"; params must be an object: []; schedule.type is required (next_epoch, periodic or stop);'
     ' command_id must not be blank: ""; arm must not be blank: " "'),
    ('{"schema":1,"command_id":"c","experiment":"e","run_id":"r","kind":"weight_noise","params":{"sigma":null},'
     '"schedule":{"type":"next_epoch"},"issued_at":"2025-03-01T12:00:00Z"}',
     "weight_noise parameter 'sigma' must be a number: null"),
    ('{"schema":1,"command_id":"c","experiment":"e","run_id":"r","kind":"weight_noise","params":{},'
     '"schedule":{"type":"next_epoch"},"issued_at":"2025-03-01T12:00:00Z"}',
     "weight_noise parameter 'sigma' is required"),
    ('{"schema":1.5}', "schema must be an integer: 1.5"),
    ('{"schema":"1"}', 'schema must be an integer: "1"'),
])
def test_bad_commands_are_refused_with_the_java_readers_reasons(body, reason):
    with pytest.raises(InvalidRecordError) as refused:
        parse_command(body.encode("utf-8"))
    assert str(refused.value) == reason


def test_repeated_keys_trailing_content_and_nan_tokens_are_malformed():
    for body in ('{"schema":1,"schema":1}', '{"schema":1} x', '{"schema":NaN}'):
        with pytest.raises(InvalidRecordError) as refused:
            parse_command(body.encode())
        assert str(refused.value).startswith("malformed JSON")


def test_records_over_a_mebibyte_are_refused_before_reading():
    with pytest.raises(InvalidRecordError) as refused:
        parse_command(b" " * (2 * 1024 * 1024))
    assert str(refused.value) == "record must be at most 1048576 bytes: 2097152"


def test_messages_built_in_code_are_checked_as_the_java_records_check_them():
    with pytest.raises(InvalidRecordError) as refused:
        EpochEvent("", "r" * 300, None, 0, -1, T, {}, -1, {})
    assert refused.value.violations == ['experiment must not be blank: ""', "run_id must be at most 256 characters: 300",
                                        "epoch must be at least 1: 0", "segment must be at least 0: -1",
                                        "metrics must not be empty", "perturbations_applied must be at least 0: -1"]
    with pytest.raises(InvalidRecordError) as refused:
        EpochEvent("e", "r", None, 1, 0, T, {"m" * 200: 1.0}, 0, {})
    # As Java shows it: the quoted name cut after 80 characters, closing quote included in the cut.
    assert str(refused.value) == 'metrics names must be at most 128 characters: 200 in "%s...' % ("m" * 79)
    with pytest.raises(InvalidRecordError) as refused:
        Ack("c", "e", "r", "applied", None, None, T)
    assert str(refused.value) == "epoch is required when applied"
    with pytest.raises(InvalidRecordError) as refused:
        RunStarted("e", "r\ud800", None, T, 0, 0, False, {})
    assert str(refused.value) == ("run_id must be well-formed Unicode text: a lone surrogate at character 2;"
                                  " max_epochs must be at least 1: 0")


def test_headers_that_disagree_with_the_body_are_named():
    command = Command("c3", "exp", "exp-s0", "shrink_perturb", {}, Schedule.next_epoch(), T)
    headers = Headers.for_command(command, "/test")
    assert list(headers) == ["ce_id", "ce_specversion", "ce_type", "ce_source", "ce_subject", "ce_time",
                             "content-type"]
    assert Headers.violations(headers, command) == []

    headers.update({"ce_subject": "exp-s1", "ce_time": "2025-03-01T12:00:01Z", "content-type": "text/plain"})
    del headers["ce_type"]
    assert Headers.violations(headers, command) == [
        "ce_type header is required", 'ce_subject must equal run_id "exp-s0": "exp-s1"',
        'ce_time must equal issued_at 2025-03-01T12:00:00Z: "2025-03-01T12:00:01Z"',
        'content-type must be application/json: "text/plain"']

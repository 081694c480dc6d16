"""How a Python trainer talks to Kafka: settings and security, the publisher and the command listener.

Records are keyed by ``run_id`` and partitioned with murmur2, as Java's producers partition them.
librdkafka's default partitioner (consistent_random, a CRC32 hash) would put a run's epochs on another
partition than the acks and lifecycle records the Java side writes for the same run, and the monitor,
which meets a run's epochs, acks and lifecycle in one task, would see them apart. ``murmur2_random``
hashes a key exactly as Java's default partitioner does.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional

from .outbox import Outbox, OutboundRecord, SpoolFile
from .protocol import Topics

LOG = logging.getLogger("firstpass.kafka")
_LIBRDKAFKA_LOG = logging.getLogger("firstpass.kafka.librdkafka")

PARTITIONER = "murmur2_random"
_WINDOW = 16
_IDLE_WAIT = 0.2
_RETRY_BACKOFF = 0.5

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")


@dataclass(frozen=True)
class Security:
    """SASL/SCRAM and TLS, spelt and checked as the Java clients' ``KafkaSecurity``.

    librdkafka reads certificates from PEM files: the truststore is a PEM file of certificate
    authorities; a client keystore is PKCS12 (with its password) or one PEM file holding the
    certificate and its key.
    """

    protocol: str = "PLAINTEXT"
    mechanism: str = "SCRAM-SHA-512"
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    truststore: Optional[str] = None
    truststore_type: Optional[str] = None
    keystore: Optional[str] = None
    keystore_password: Optional[str] = field(default=None, repr=False)
    key_password: Optional[str] = field(default=None, repr=False)
    keystore_type: Optional[str] = None

    @staticmethod
    def plaintext() -> "Security":
        return Security()

    @staticmethod
    def scram(mechanism: str, username: str, password: str) -> "Security":
        """SCRAM over a plaintext connection (SASL_PLAINTEXT)."""
        return Security(protocol="SASL_PLAINTEXT", mechanism=mechanism, username=username, password=password)

    def over_tls(self, truststore: Optional[str] = None) -> "Security":
        """The same over TLS: PLAINTEXT becomes SSL, SASL_PLAINTEXT becomes SASL_SSL."""
        protocol = "SASL_SSL" if self.protocol.startswith("SASL") else "SSL"
        return replace(self, protocol=protocol, truststore=truststore if truststore else self.truststore)

    @staticmethod
    def from_environment(environ=None) -> "Security":
        """The FIRSTPASS_KAFKA_* variables of the Java clients; an empty variable counts as unset."""
        env = os.environ if environ is None else environ

        def get(name):
            value = env.get("FIRSTPASS_KAFKA_" + name)
            return value if value else None

        password = get("SASL_PASSWORD")
        password_file = get("SASL_PASSWORD_FILE")
        if password_file is not None:
            password = _read_password(password_file)
        return Security(protocol=(get("SECURITY_PROTOCOL") or "PLAINTEXT").strip().upper(),
                        mechanism=(get("SASL_MECHANISM") or "SCRAM-SHA-512").strip().upper(),
                        username=get("SASL_USERNAME"), password=password,
                        truststore=get("SSL_TRUSTSTORE"), truststore_type=_upper(get("SSL_TRUSTSTORE_TYPE")),
                        keystore=get("SSL_KEYSTORE"), keystore_password=get("SSL_KEYSTORE_PASSWORD"),
                        key_password=get("SSL_KEY_PASSWORD"), keystore_type=_upper(get("SSL_KEYSTORE_TYPE")))

    def problems(self) -> List[str]:
        """Every problem, each naming the setting, the rule and the value (never a password)."""
        problems = []
        if self.protocol not in PROTOCOLS:
            return ["security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL: '%s'" % self.protocol]
        sasl = self.protocol.startswith("SASL")
        tls = self.protocol.endswith("SSL")
        if sasl:
            if self.mechanism not in MECHANISMS:
                problems.append("sasl.mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: '%s'" % self.mechanism)
            if self.username is None or not self.username.strip():
                problems.append("sasl.username is required with security.protocol " + self.protocol)
            if self.password is None:
                problems.append("sasl.password is required with security.protocol " + self.protocol
                                + ("" if self.username is None else " for user '%s'" % self.username))
        else:
            if self.username is not None:
                problems.append("sasl.username is given ('%s') but security.protocol %s does not authenticate;"
                                " use SASL_PLAINTEXT or SASL_SSL" % (self.username, self.protocol))
            if self.password is not None:
                problems.append("sasl.password is given but security.protocol %s does not authenticate;"
                                " use SASL_PLAINTEXT or SASL_SSL" % self.protocol)
        if self.username is not None and ("\n" in self.username or "\r" in self.username):
            problems.append("sasl.username must be one line: '%s'"
                            % self.username.replace("\n", "\\n").replace("\r", "\\r"))
        if self.password is not None and ("\n" in self.password or "\r" in self.password):
            problems.append("sasl.password must be one line (a password file may end with one line break)")
        if tls:
            for key, path in (("ssl.truststore.location", self.truststore), ("ssl.keystore.location", self.keystore)):
                if path is not None and not (os.path.isfile(path) and os.access(path, os.R_OK)):
                    problems.append("%s must be a readable file: %s" % (key, path))
            if self.truststore_type not in (None, "PEM"):
                problems.append("ssl.truststore.type must be PEM for the Python client (librdkafka reads certificate"
                                " authorities from PEM files): '%s'" % self.truststore_type)
            if self.keystore_type not in (None, "PKCS12", "PEM"):
                problems.append("ssl.keystore.type must be PKCS12 or PEM for the Python client: '%s'"
                                % self.keystore_type)
            if self.keystore is not None and self.keystore_type != "PEM" and self.keystore_password is None:
                problems.append("ssl.keystore.password is required with ssl.keystore.location " + self.keystore)
            if self.truststore is None and self.truststore_type is not None:
                problems.append("ssl.truststore.type is given without ssl.truststore.location")
            if self.keystore is None:
                for key, value in (("ssl.keystore.password", self.keystore_password),
                                   ("ssl.key.password", self.key_password), ("ssl.keystore.type", self.keystore_type)):
                    if value is not None:
                        problems.append("%s is given without ssl.keystore.location" % key)
        else:
            given = [key for key, value in (("ssl.truststore.location", self.truststore),
                                            ("ssl.truststore.type", self.truststore_type),
                                            ("ssl.keystore.location", self.keystore),
                                            ("ssl.keystore.password", self.keystore_password),
                                            ("ssl.key.password", self.key_password),
                                            ("ssl.keystore.type", self.keystore_type)) if value is not None]
            if given:
                problems.append("%s %s given but security.protocol %s does not use TLS; use SSL or SASL_SSL"
                                % (", ".join(given), "is" if len(given) == 1 else "are", self.protocol))
        return problems

    def client_properties(self) -> Dict[str, str]:
        """The librdkafka properties that apply this security; empty for plaintext."""
        if self.protocol == "PLAINTEXT":
            return {}
        config = {"security.protocol": self.protocol}
        if self.protocol.startswith("SASL"):
            config.update({"sasl.mechanism": self.mechanism, "sasl.username": self.username,
                           "sasl.password": self.password})
        if self.protocol.endswith("SSL"):
            # As Java's clients do by default: the broker's certificate must name the host dialled.
            config["ssl.endpoint.identification.algorithm"] = "https"
            if self.truststore is not None:
                config["ssl.ca.location"] = self.truststore
            if self.keystore is not None:
                if self.keystore_type == "PEM":
                    config["ssl.certificate.location"] = self.keystore
                    config["ssl.key.location"] = self.keystore
                    if self.key_password is not None:
                        config["ssl.key.password"] = self.key_password
                else:
                    config["ssl.keystore.location"] = self.keystore
                    config["ssl.keystore.password"] = self.keystore_password
        return config


def _upper(value):
    return None if value is None else value.strip().upper()


def _read_password(path: str) -> str:
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    # One final line break is what editors add; it is not part of the password.
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


@dataclass(frozen=True)
class KafkaSettings:
    """Where the brokers are, which topics a run uses, and how much it holds back when they are away.

    Stated defaults: the FirstPass topic names, up to 1,000 unsent records in memory before further
    ones are spooled to a file, 30 s at the end of a run to deliver what is unsent (the rest stays
    spooled for the next start of the same run), 10 s at the start to read the commands already
    waiting, plaintext, no extra librdkafka properties.
    """

    bootstrap_servers: str
    epoch_topic: str = Topics.EPOCH_EVENTS
    lifecycle_topic: str = Topics.RUN_LIFECYCLE
    commands_topic: str = Topics.COMMANDS
    acks_topic: str = Topics.ACKS
    memory_capacity: int = 1000
    close_timeout: float = 30.0
    catch_up_timeout: float = 10.0
    spool_dir: Optional[str] = None
    security: Security = field(default_factory=Security)
    client_properties: Dict[str, str] = field(default_factory=dict)

    @staticmethod
    def from_environment(environ=None) -> "KafkaSettings":
        """FIRSTPASS_BOOTSTRAP_SERVERS (default 127.0.0.1:9092) and the FIRSTPASS_KAFKA_* security variables."""
        env = os.environ if environ is None else environ
        return KafkaSettings(bootstrap_servers=env.get("FIRSTPASS_BOOTSTRAP_SERVERS") or "127.0.0.1:9092",
                             security=Security.from_environment(env))

    def problems(self) -> List[str]:
        problems = []
        if not self.bootstrap_servers or not self.bootstrap_servers.strip():
            problems.append('bootstrap servers must not be blank: "%s"' % self.bootstrap_servers)
        for what, name in (("epoch topic", self.epoch_topic), ("lifecycle topic", self.lifecycle_topic),
                           ("commands topic", self.commands_topic), ("acks topic", self.acks_topic)):
            if not name or not name.strip():
                problems.append('%s must not be blank: "%s"' % (what, name))
        if self.memory_capacity < 1:
            problems.append("memory capacity must be at least 1 record: %d" % self.memory_capacity)
        if self.close_timeout < 0:
            problems.append("close timeout must not be negative: %s" % self.close_timeout)
        if self.catch_up_timeout < 0:
            problems.append("catch-up timeout must not be negative: %s" % self.catch_up_timeout)
        return problems + self.security.problems()

    def producer_config(self, run_id: str) -> Dict[str, object]:
        config = {
            "bootstrap.servers": self.bootstrap_servers,
            "client.id": "firstpass-trainer-" + run_id,
            "partitioner": PARTITIONER,
            "enable.idempotence": True,
            "acks": "all",
            "max.in.flight.requests.per.connection": 5,
            # No deadline: an outage of any length ends in delivery, not in a gap in the trajectory.
            "message.timeout.ms": 0,
            "reconnect.backoff.max.ms": 1000,
            "linger.ms": 5,
            # librdkafka's own log lines (a broker away, a retry) go to Python logging, not raw to stderr.
            "logger": _LIBRDKAFKA_LOG,
        }
        config.update(self.security.client_properties())
        config.update(self.client_properties)
        return config

    def consumer_config(self, run_id: str) -> Dict[str, object]:
        config = {
            "bootstrap.servers": self.bootstrap_servers,
            "client.id": "firstpass-trainer-commands-" + run_id,
            # librdkafka wants a group id even for assigned partitions; nothing is ever committed to it.
            "group.id": "firstpass-trainer-commands-" + run_id,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "isolation.level": "read_committed",
            "reconnect.backoff.max.ms": 1000,
            "logger": _LIBRDKAFKA_LOG,
        }
        config.update(self.security.client_properties())
        config.update(self.client_properties)
        return config


def _kafka():
    try:
        import confluent_kafka
    except ImportError as e:
        raise ImportError("publishing to Kafka needs confluent-kafka (pip install confluent-kafka, or"
                          " apt-get install python3-confluent-kafka)") from e
    return confluent_kafka


class KafkaSink:
    """Delivers a run's records from its :class:`Outbox` with one idempotent producer on one thread.

    The producer retries without a deadline, so a broker that goes away and returns gets every record
    once and in order. The sender hands the producer a window of the oldest records and removes them
    from the outbox only once confirmed; what the producer cannot take stays in the outbox, bounded in
    memory and spooled beyond that.
    """

    def __init__(self, settings: KafkaSettings, run_id: str, spool_path: str):
        ck = _kafka()
        self._ck = ck
        self.run_id = run_id
        self.outbox = Outbox(settings.memory_capacity, SpoolFile(spool_path))
        self.producer = ck.Producer(settings.producer_config(run_id))
        self._closing = False
        self._aborted = False
        self._last_refusal = None
        self._sender = threading.Thread(target=self._send_until_closed, name="firstpass-sink-" + run_id, daemon=True)
        self._sender.start()

    def send(self, topic: str, value: bytes) -> None:
        if self._closing:
            raise RuntimeError("run %s: the event sink is closed" % self.run_id)
        self.outbox.add(OutboundRecord(topic, self.run_id, value))

    def unsent(self) -> int:
        return self.outbox.size()

    def close(self, timeout: float) -> None:
        """Tries for up to ``timeout`` seconds to deliver what is unsent, then spools the rest."""
        if self._closing:
            return
        self._closing = True
        if not self.outbox.await_empty(timeout):
            LOG.warning("run %s: %d records undelivered after %.0f s; they stay spooled for the next start of this"
                        " run", self.run_id, self.outbox.size(), timeout)
        self._aborted = True
        self._sender.join()
        # Fails whatever the producer still holds; those records are still in the outbox, so they are spooled.
        self.producer.purge(True, True, False)
        self.producer.poll(0)
        self.outbox.spool_everything()

    def _send_until_closed(self) -> None:
        while not self._aborted:
            try:
                oldest = self.outbox.oldest(_WINDOW, _IDLE_WAIT)
                if not oldest:
                    continue
                confirmed = self._send_and_confirm(oldest)
                self.outbox.remove_oldest(confirmed)
                if confirmed < len(oldest) and not self._aborted:
                    time.sleep(_RETRY_BACKOFF)
            except Exception as e:  # the sender must outlive any one failure
                if not self._aborted:
                    LOG.warning("run %s: sending failed, retrying: %s", self.run_id, e)
                    time.sleep(_RETRY_BACKOFF)

    def _send_and_confirm(self, records: List[OutboundRecord]) -> int:
        """How many of ``records``, from the oldest, are now delivered (or undeliverable and dropped)."""
        results: List[object] = [None] * len(records)
        produced = 0
        for i, record in enumerate(records):
            def delivered(error, message, index=i):
                results[index] = error if error is not None else "ok"
            try:
                self.producer.produce(record.topic, key=record.key.encode("utf-8"), value=record.value,
                                      on_delivery=delivered)
            except (BufferError, self._ck.KafkaException) as e:
                LOG.debug("run %s: send refused for now: %s", self.run_id, e)
                break
            produced += 1
        while not self._aborted and any(results[i] is None for i in range(produced)):
            self.producer.poll(0.1)
        self.producer.poll(0)
        confirmed = 0
        for i in range(produced):
            outcome = results[i]
            if outcome == "ok":
                confirmed += 1
                continue
            if outcome is None:
                break
            self._warn_if_refused(outcome)
            if self._undeliverable(outcome):
                LOG.error("run %s: dropping a record Kafka can never accept: %s", self.run_id, outcome)
                confirmed += 1
                continue
            break
        return confirmed

    def _undeliverable(self, error) -> bool:
        codes = self._ck.KafkaError
        return error.code() in (codes.MSG_SIZE_TOO_LARGE, codes.INVALID_TOPIC_EXCEPTION,
                                codes.RECORD_LIST_TOO_LARGE, codes._INVALID_ARG)

    def _warn_if_refused(self, error) -> None:
        # Retried like an outage, since credentials and ACLs can be fixed while the run trains; said once.
        codes = self._ck.KafkaError
        if error.code() in (codes.TOPIC_AUTHORIZATION_FAILED, codes.CLUSTER_AUTHORIZATION_FAILED,
                            codes.SASL_AUTHENTICATION_FAILED, codes._AUTHENTICATION):
            if error.name() != self._last_refusal:
                self._last_refusal = error.name()
                LOG.warning("run %s: Kafka refuses this trainer (%s); its records stay queued until the credentials"
                            " or ACLs are fixed: %s", self.run_id, error.name(), error.str())


class CommandListener:
    """Reads the commands topic on its own thread and hands the records keyed by this run's id to ``receive``.

    It reads every partition from the beginning and commits nothing: a consumer group would split the
    partitions among the runs of a fleet, and the desk already knows which commands it answered.
    """

    _POLL = 0.2
    _METADATA_WAIT = 5.0

    def __init__(self, settings: KafkaSettings, run_id: str, receive: Callable[[Dict[str, str], bytes], None]):
        ck = _kafka()
        self._ck = ck
        self.settings = settings
        self.run_id = run_id
        self._key = run_id.encode("utf-8")
        self._receive = receive
        self._consumer = ck.Consumer(settings.consumer_config(run_id))
        self._closing = False
        self.caught_up = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="firstpass-commands-" + run_id, daemon=True)
        self._thread.start()

    def await_caught_up(self, timeout: float) -> bool:
        return self.caught_up.wait(timeout)

    def close(self) -> None:
        self._closing = True
        self._thread.join(10)

    def _listen(self) -> None:
        try:
            partitions = self._partitions()
            if not partitions:
                return
            ck = self._ck
            self._consumer.assign([ck.TopicPartition(self.settings.commands_topic, p, ck.OFFSET_BEGINNING)
                                   for p in partitions])
            ends = self._end_offsets(partitions)
            while not self._closing:
                for message in self._consumer.consume(num_messages=100, timeout=self._POLL):
                    if message.error() is not None:
                        LOG.debug("run %s: command stream: %s", self.run_id, message.error())
                        continue
                    if message.key() == self._key:
                        self._receive(_headers(message), message.value() or b"")
                if not self.caught_up.is_set() and self._reached(ends):
                    self.caught_up.set()
        except Exception as e:
            LOG.error("run %s: the command listener stopped: %s", self.run_id, e, exc_info=True)
        finally:
            self.caught_up.set()
            self._consumer.close()

    def _partitions(self) -> List[int]:
        while not self._closing:
            try:
                metadata = self._consumer.list_topics(self.settings.commands_topic, timeout=self._METADATA_WAIT)
                topic = metadata.topics.get(self.settings.commands_topic)
                if topic is not None and topic.error is None and topic.partitions:
                    return sorted(topic.partitions)
                # No topic yet means no command yet: nothing to catch up with.
                self.caught_up.set()
            except self._ck.KafkaException as e:
                LOG.debug("run %s: commands topic not reachable yet: %s", self.run_id, e)
            time.sleep(self._METADATA_WAIT / 5)
        return []

    def _end_offsets(self, partitions: List[int]) -> Dict[int, tuple]:
        ends = {}
        for p in partitions:
            while not self._closing:
                try:
                    ends[p] = self._consumer.get_watermark_offsets(
                        self._ck.TopicPartition(self.settings.commands_topic, p), timeout=self._METADATA_WAIT)
                    break
                except self._ck.KafkaException as e:
                    LOG.debug("run %s: end offsets not available yet: %s", self.run_id, e)
        return ends

    def _reached(self, ends: Dict[int, tuple]) -> bool:
        ck = self._ck
        positions = self._consumer.position([ck.TopicPartition(self.settings.commands_topic, p) for p in ends])
        for tp in positions:
            low, high = ends[tp.partition]
            position = tp.offset if tp.offset >= 0 else low
            if position < high:
                return False
        return True


def _headers(message) -> Dict[str, Optional[str]]:
    # As the Java listener reads them: the last value of a repeated header wins.
    headers = {}
    for key, value in message.headers() or []:
        headers[key] = None if value is None else value.decode("utf-8", "replace")
    return headers

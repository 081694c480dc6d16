from firstpass import KafkaSettings, Security


def test_producers_partition_like_java_and_deliver_every_record_once_in_order():
    config = KafkaSettings("broker:9092").producer_config("seed-3")

    assert config["partitioner"] == "murmur2_random"
    assert (config["enable.idempotence"], config["acks"], config["message.timeout.ms"]) == (True, "all", 0)
    assert config["client.id"] == "firstpass-trainer-seed-3"


def test_the_command_reader_commits_nothing_and_reads_committed_commands_only():
    config = KafkaSettings("broker:9092").consumer_config("seed-3")
    assert (config["enable.auto.commit"], config["isolation.level"], config["auto.offset.reset"]) == (
        False, "read_committed", "earliest")


def test_scram_over_tls_becomes_librdkafka_properties(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    security = Security.scram("SCRAM-SHA-512", "trainer", "s3cret").over_tls(str(ca))

    assert security.problems() == []
    assert security.client_properties() == {
        "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": "trainer",
        "sasl.password": "s3cret", "ssl.endpoint.identification.algorithm": "https", "ssl.ca.location": str(ca)}
    assert "s3cret" not in repr(security)


def test_security_problems_are_all_named_as_the_java_clients_name_them(tmp_path):
    assert Security(protocol="SASL_PLAINTEXT", mechanism="PLAIN").problems() == [
        "sasl.mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: 'PLAIN'",
        "sasl.username is required with security.protocol SASL_PLAINTEXT",
        "sasl.password is required with security.protocol SASL_PLAINTEXT"]
    assert Security(username="u", truststore="/x").problems() == [
        "sasl.username is given ('u') but security.protocol PLAINTEXT does not authenticate; use SASL_PLAINTEXT or"
        " SASL_SSL",
        "ssl.truststore.location is given but security.protocol PLAINTEXT does not use TLS; use SSL or SASL_SSL"]
    assert Security(protocol="SSL", truststore=str(tmp_path / "missing.jks"), truststore_type="JKS").problems() == [
        "ssl.truststore.location must be a readable file: %s" % (tmp_path / "missing.jks"),
        "ssl.truststore.type must be PEM for the Python client (librdkafka reads certificate authorities from PEM"
        " files): 'JKS'"]


def test_settings_come_from_the_java_clients_environment_variables(tmp_path):
    password = tmp_path / "trainer.password"
    password.write_text("pw\n")
    settings = KafkaSettings.from_environment({
        "FIRSTPASS_BOOTSTRAP_SERVERS": "kafka:9096", "FIRSTPASS_KAFKA_SECURITY_PROTOCOL": "sasl_plaintext",
        "FIRSTPASS_KAFKA_SASL_USERNAME": "trainer", "FIRSTPASS_KAFKA_SASL_PASSWORD_FILE": str(password),
        "FIRSTPASS_KAFKA_SASL_MECHANISM": ""})

    assert settings.bootstrap_servers == "kafka:9096"
    assert settings.security == Security.scram("SCRAM-SHA-512", "trainer", "pw")
    assert KafkaSettings(" ", memory_capacity=0).problems() == ['bootstrap servers must not be blank: " "',
                                                                "memory capacity must be at least 1 record: 0"]

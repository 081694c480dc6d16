package dev.firstpass.monitor.deadletter;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a record that could not be written and goes on: losing one statistics or dead-letter record
 * costs less than stopping the monitor, and the next analysis publishes fresh statistics anyway.
 */
public final class LogAndContinueProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LogAndContinueProductionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        LOG.error("could not write a record to {} (from {}-{}@{}); skipping it", record.topic(), context.topic(),
                context.partition(), context.offset(), exception);
        return Response.resume();
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
            Exception exception, SerializationExceptionOrigin origin) {
        LOG.error("could not serialize the {} of a record for {} (from {}-{}@{}); skipping it", origin,
                record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}

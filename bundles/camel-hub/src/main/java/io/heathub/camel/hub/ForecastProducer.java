package io.heathub.camel.hub;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingSink;
import io.heathub.wire.ReadingInput;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * {@code to: heathub:forecast}: an Open-Meteo forecast response becomes readings of one device and
 * point time-stamped in the future (the control loop's forecast points), through the same door,
 * conversion, validation and journal as any reading. Header {@value HeathubHeaders#FORECAST_MISSING}:
 * the hours without a value.
 */
final class ForecastProducer extends ReadingsProducer {
    private final Clock clock;
    private final ReadingInput input;
    private final String device;
    private final String point;
    private final String variable;
    private final boolean replay;

    ForecastProducer(HeathubEndpoint endpoint, ReadingSink sink, Clock clock) {
        super(endpoint, sink, "heathub:forecast");
        this.clock = clock;
        this.input = new ReadingInput(ReadingInput.Limits.DEFAULT, clock);
        this.device = endpoint.forecastDevice();
        this.point = endpoint.forecastPoint();
        this.variable = endpoint.getVariable();
        this.replay = endpoint.isReplay();
    }

    @Override
    List<Reading> readings(Exchange exchange) throws Exception {
        byte[] body = Bodies.bytes(exchange, ReadingInput.Limits.DEFAULT.maxBytes(), "heathub:forecast");
        if (body == null) {
            throw new IllegalArgumentException("cannot read a body of "
                    + (exchange.getMessage().getBody() == null ? "null" : exchange.getMessage().getBody().getClass().getName())
                    + ": expected Open-Meteo JSON text or bytes");
        }
        OpenMeteoHourly.Converted converted = OpenMeteoHourly.convert(body, device, point, variable, replay, clock.instant());
        exchange.getMessage().setHeader(HeathubHeaders.FORECAST_MISSING, converted.missing());
        return input.readObjects(converted.readings());
    }
}

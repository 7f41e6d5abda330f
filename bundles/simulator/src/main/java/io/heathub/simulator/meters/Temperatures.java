package io.heathub.simulator.meters;

/**
 * Supply and return temperature of the network the meters hang on, °C.
 *
 * @param supply            supply (flow) temperature
 * @param returnTemperature return temperature
 */
public record Temperatures(double supply, double returnTemperature) {
}

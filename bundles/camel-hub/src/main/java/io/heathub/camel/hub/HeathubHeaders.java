package io.heathub.camel.hub;

/** Message headers the {@code heathub:} endpoints set and read. */
public final class HeathubHeaders {
    /** readings (to), readings/alarms (from): how many readings the exchange carried. */
    public static final String READINGS_COUNT = "HeathubReadingsCount";
    /** readings (to): how many of them the hub marked SUSPECT or worse. */
    public static final String READINGS_NOT_GOOD = "HeathubReadingsNotGood";
    /** readings/alarms (from): batches dropped since the last exchange because the route fell behind. */
    public static final String READINGS_DROPPED = "HeathubReadingsDropped";
    /** forecast (to): hours of the forecast without a value (null), left out. */
    public static final String FORECAST_MISSING = "HeathubForecastMissing";
    /** commands (out): the command's request id. */
    public static final String REQUEST_ID = "HeathubRequestId";
    /** commands (out): DONE, REFUSED or FAILED. */
    public static final String COMMAND_STATUS = "HeathubCommandStatus";
    /** commands (out): why it was refused or failed; empty when done. */
    public static final String COMMAND_MESSAGE = "HeathubCommandMessage";
    /** commands (out): the value read back after writing, when the device allows it. */
    public static final String COMMAND_READ_BACK = "HeathubCommandReadBack";

    private HeathubHeaders() {
    }
}

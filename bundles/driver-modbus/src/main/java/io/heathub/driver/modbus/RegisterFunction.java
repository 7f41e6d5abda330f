package io.heathub.driver.modbus;

/** Which register table a point lives in, with the function code that reads it. */
enum RegisterFunction {
    HOLDING(0x03, "holding registers"),
    INPUT(0x04, "input registers");

    private final int readCode;
    private final String label;

    RegisterFunction(int readCode, String label) {
        this.readCode = readCode;
        this.label = label;
    }

    int readCode() {
        return readCode;
    }

    String label() {
        return label;
    }
}

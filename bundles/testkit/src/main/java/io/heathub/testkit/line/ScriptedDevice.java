package io.heathub.testkit.line;

import java.util.function.UnaryOperator;

/**
 * One device on a {@link ScriptedLine}: it hears every frame the master sends on the line and
 * decides, as a real device does from the address in the frame, whether to answer. Devices do
 * not hear each other's replies.
 */
@FunctionalInterface
public interface ScriptedDevice {

    /**
     * @param frame a whole frame the master sent (a copy: the device may keep or change it)
     * @return what the device transmits in answer; {@link Reply#silence()} when it does not answer
     */
    Reply hear(byte[] frame);

    /** A device whose script maps a request to the reply bytes, or to null for silence. */
    static ScriptedDevice answering(UnaryOperator<byte[]> script) {
        return frame -> Reply.of(script.apply(frame));
    }
}

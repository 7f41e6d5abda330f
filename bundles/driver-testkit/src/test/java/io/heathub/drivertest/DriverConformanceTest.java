package io.heathub.drivertest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.heathub.drivertest.sample.SampleConformance;
import io.heathub.drivertest.sample.Samples;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit's checks against the sample driver: the sample as it should be passes every check, and
 * each deliberate mistake ({@code sample.Flaw}) is caught by the check meant for it, with a
 * message that names the mistake.
 */
class DriverConformanceTest {

    private static Events run(Class<?> conformanceClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(conformanceClass)).execute().testEvents();
    }

    private static String method(Event event) {
        return event.getTestDescriptor().getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getMethodName()).orElse(event.getTestDescriptor().getDisplayName());
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::toString).orElse("");
    }

    @Test
    void theSampleDriverPassesEveryCheck() {
        Events events = run(SampleConformance.class);

        assertThat(events.failed().stream().map(e -> method(e) + ": " + message(e)).toList()).isEmpty();
        assertThat(events.skipped().count() + events.aborted().count()).isZero();
        assertThat(events.succeeded().stream().map(DriverConformanceTest::method).distinct().count())
                .as("every check ran").isEqualTo(29);
    }

    static Stream<Arguments> flaws() {
        return Stream.of(
                Arguments.of(Samples.CrashesOnShortData.class, "pollFuzz", "read() threw java.lang.ArrayIndexOutOfBoundsException"),
                Arguments.of(Samples.CrashesOnShortData.class, "decoderFuzz", "the decoder threw java.lang.ArrayIndexOutOfBoundsException"),
                Arguments.of(Samples.IgnoresChecksum.class, "corruptedRepliesAreErrors", "never a made-up value"),
                Arguments.of(Samples.EnergyNotConverted.class, "pollGivesTheExpectedReadings", "heat.energy is 1234560 kWh, expected 1234.56 kWh"),
                Arguments.of(Samples.MisspeltPoint.class, "pollGivesTheExpectedReadings", "did you mean heat.energy?"),
                Arguments.of(Samples.VolumeWithoutUnit.class, "pollGivesTheExpectedReadings", "point volume is in m³ (Unit.CUBIC_METRE), not no unit"),
                Arguments.of(Samples.TimeoutAsIo.class, "silentDeviceTimesOutWithinTheBusTimeout", "expected DeviceException kind TIMEOUT"),
                Arguments.of(Samples.FixedShortTimeout.class, "silentDeviceTimesOutWithinTheBusTimeout", "gave up after 200 ms"),
                Arguments.of(Samples.RetriesSilence.class, "silentDeviceTimesOutWithinTheBusTimeout", "held the line for 3000 ms"),
                Arguments.of(Samples.TakesTheEcho.class, "pollSkipsTheEchoOfItsRequest", "skip a frame that is the request itself"),
                Arguments.of(Samples.ClosesTheLink.class, "closeReleasesTheSessionAndLeavesTheLink", "close() closed the link"),
                Arguments.of(Samples.ThrowsOnClose.class, "closeReleasesTheSessionAndLeavesTheLink", "close() threw"),
                Arguments.of(Samples.NamesTheDevice.class, "silentDeviceTimesOutWithinTheBusTimeout", "names the device \"kit-device-1\""),
                Arguments.of(Samples.GarbageAsConfig.class, "corruptedRepliesAreErrors", "CONFIG says retrying cannot help"),
                Arguments.of(Samples.GarbageAsConfig.class, "sharedLineWithOtherDriversDevices", "the poll failed with kind CONFIG"),
                Arguments.of(Samples.ChattyOpen.class, "openSendsAtMostOneFrame", "open() sent 3 frames"),
                Arguments.of(Samples.Sleeps.class, "pollGivesTheExpectedReadings", "ms of real time"),
                Arguments.of(Samples.NoAddressCheck.class, "foreignFramesAreSkippedOrErrors", "check that a reply comes from the device asked"),
                Arguments.of(Samples.ScanWithoutProgress.class, "scanFindsEveryDeviceAndReportsProgress", "the scan reported no progress"),
                Arguments.of(Samples.ScanIgnoresCancel.class, "scanStopsWhenCancelled", "check Progress.cancelled() between steps"),
                Arguments.of(Samples.ScanFindsGhosts.class, "scanOfALineWithoutItsDevicesFindsNothing", "found [FoundDevice[address=1"),
                Arguments.of(Samples.ScanFindsGhosts.class, "scanFindsEveryDeviceAndReportsProgress", "expected [1, 2]"),
                Arguments.of(Samples.NoReadBack.class, "commandIsAcknowledgedAndReadBack", "read-back missing"),
                Arguments.of(Samples.CommandIgnoresSilence.class, "commandToASilentDeviceFails", "gave DONE"),
                Arguments.of(Samples.WritesUnknownPoints.class, "commandForAPointTheDeviceLacksIsRefusedWithNothingSent", "refused after sending"),
                Arguments.of(Samples.DecoderThrows.class, "decoderAnswersDamagedFramesWithAFrameException", "the decoder threw java.lang.IllegalArgumentException"),
                Arguments.of(Samples.DecoderCrashesOnShortFrames.class, "decoderAnswersDamagedFramesWithAFrameException", "the decoder threw java.lang.IllegalStateException"),
                Arguments.of(Samples.DecoderDisagrees.class, "decoderAgreesWithThePoll", "decoder and driver must share one decoding"),
                Arguments.of(Samples.AllPointsAlways.class, "readOfSomePointsGivesThosePoints", "no others"),
                Arguments.of(Samples.TimeoutUndocumented.class, "driverInfoNamesTheDriverAndDocumentsItsSettings", "setting \"timeout\" is used but not described"),
                Arguments.of(Samples.AcceptsAnyAddress.class, "openRefusesABadAddressAsAConfigError", "open() accepted address"),
                Arguments.of(Samples.NoValidate.class, "validateRefusesABadAddressWithoutALink", "validate() accepted address"),
                Arguments.of(Samples.NoValidate.class, "anEmptyAddressIsRefusedUnlessTheProtocolHasOne", "validate() accepted an empty address"),
                Arguments.of(Samples.IgnoresBadTimeout.class, "openRefusesABadTimeoutAsAConfigError", "open() accepted timeout \"soon\""),
                Arguments.of(Samples.NoHexInMessages.class, "corruptedRepliesAreErrors", "does not show the bytes that came back"),
                Arguments.of(Samples.PartialPoll.class, "silenceAfterAPartOfThePollIsATimeout", "missing temp.supply 70.00 °C"),
                Arguments.of(Samples.BrokenAfterFailure.class, "truncatedRepliesAreErrors", "must not leave the session broken"),
                Arguments.of(Samples.BundleWithoutComponent.class, "bundleProvidesTheDriverAsADsComponent", "no Service-Component header"),
                Arguments.of(Samples.BundleWithoutComponent.class, "offlineToolsFindTheDriverAndDecoder", "META-INF/services/io.heathub.api.driver.DeviceDriver"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("flaws")
    void theKitCatchesEachMistakeWithTheCheckMeantForIt(Class<?> sample, String check, String words) {
        Events events = run(sample);

        List<Event> failed = events.failed().stream().filter(e -> method(e).equals(check)).toList();
        assertThat(failed).as("%s fails %s; failures: %s", sample.getSimpleName(), check, events.failed().stream()
                .map(e -> method(e) + ": " + message(e)).collect(Collectors.joining("\n"))).isNotEmpty();
        assertThat(failed.stream().map(DriverConformanceTest::message).toList())
                .anySatisfy(m -> assertThat(m).contains(words));
    }

    @Test
    void everyFlawOfTheSampleIsCheckedAbove() {
        List<String> covered = flaws().map(a -> ((Class<?>) a.get()[0]).getSimpleName()).distinct().toList();
        List<String> declared = Stream.of(Samples.class.getClasses()).map(Class::getSimpleName).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(declared);
    }
}

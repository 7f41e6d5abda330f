package io.heathub.drivertest.sample;

import java.util.EnumSet;
import java.util.Set;

/** One variant of the sample driver per {@link Flaw}, each as its own conformance class. */
public final class Samples {
    private Samples() {
    }

    public static class CrashesOnShortData extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.CRASHES_ON_SHORT_DATA);
        }
    }

    public static class IgnoresChecksum extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.IGNORES_CHECKSUM);
        }
    }

    public static class EnergyNotConverted extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.ENERGY_NOT_CONVERTED);
        }
    }

    public static class MisspeltPoint extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.MISSPELT_POINT);
        }
    }

    public static class VolumeWithoutUnit extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.VOLUME_WITHOUT_UNIT);
        }
    }

    public static class TimeoutAsIo extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.TIMEOUT_AS_IO);
        }
    }

    public static class FixedShortTimeout extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.FIXED_SHORT_TIMEOUT);
        }
    }

    public static class RetriesSilence extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.RETRIES_SILENCE);
        }
    }

    public static class TakesTheEcho extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.TAKES_THE_ECHO);
        }
    }

    public static class ClosesTheLink extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.CLOSES_THE_LINK);
        }
    }

    public static class ThrowsOnClose extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.THROWS_ON_CLOSE);
        }
    }

    public static class NamesTheDevice extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.NAMES_THE_DEVICE);
        }
    }

    public static class GarbageAsConfig extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.GARBAGE_AS_CONFIG);
        }
    }

    public static class ChattyOpen extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.CHATTY_OPEN);
        }
    }

    public static class Sleeps extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.SLEEPS);
        }
    }

    public static class NoAddressCheck extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.NO_ADDRESS_CHECK);
        }
    }

    public static class ScanWithoutProgress extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.SCAN_WITHOUT_PROGRESS);
        }
    }

    public static class ScanIgnoresCancel extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.SCAN_IGNORES_CANCEL);
        }
    }

    public static class NoReadBack extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.NO_READ_BACK);
        }
    }

    public static class WritesUnknownPoints extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.WRITES_UNKNOWN_POINTS);
        }
    }

    public static class DecoderThrows extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.DECODER_THROWS);
        }
    }

    public static class DecoderDisagrees extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.DECODER_DISAGREES);
        }
    }

    public static class AllPointsAlways extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.ALL_POINTS_ALWAYS);
        }
    }

    public static class TimeoutUndocumented extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.TIMEOUT_UNDOCUMENTED);
        }
    }

    public static class NoValidate extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.NO_VALIDATE);
        }
    }

    public static class AcceptsAnyAddress extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.ACCEPTS_ANY_ADDRESS);
        }
    }

    public static class IgnoresBadTimeout extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.IGNORES_BAD_TIMEOUT);
        }
    }

    public static class NoHexInMessages extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.NO_HEX_IN_MESSAGES);
        }
    }

    public static class PartialPoll extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.PARTIAL_POLL);
        }
    }

    public static class BrokenAfterFailure extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.BROKEN_AFTER_FAILURE);
        }
    }

    public static class DecoderCrashesOnShortFrames extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.DECODER_CRASHES_ON_SHORT_FRAMES);
        }
    }

    public static class ScanFindsGhosts extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.SCAN_FINDS_GHOSTS);
        }
    }

    public static class CommandIgnoresSilence extends SampleConformance {
        @Override
        protected Set<Flaw> flaws() {
            return EnumSet.of(Flaw.COMMAND_IGNORES_SILENCE);
        }
    }

    /** A bundle whose manifest declares no DS component and that lacks META-INF/services. */
    public static class BundleWithoutComponent extends SampleConformance {
        @Override
        protected String bundle() {
            return "/bundle-without-component";
        }
    }
}

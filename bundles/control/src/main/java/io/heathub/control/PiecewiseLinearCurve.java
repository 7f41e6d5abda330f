package io.heathub.control;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A heating curve through configured (outdoor, supply) points, linear between them and flat
 * beyond the first and last point. Outdoor temperatures must be strictly increasing.
 *
 * @param points at least two points, outdoor strictly increasing, all values finite
 */
public record PiecewiseLinearCurve(List<Point> points) implements HeatingCurve {

    /** One point of the curve: at {@code outdoor} °C the supply setpoint is {@code supply} °C. */
    public record Point(double outdoor, double supply) { }

    public PiecewiseLinearCurve {
        Objects.requireNonNull(points, "points");
        points = List.copyOf(points);
        if (points.size() < 2) {
            throw new IllegalArgumentException("a heating curve needs at least 2 points, got " + points.size());
        }
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            if (!Double.isFinite(point.outdoor()) || !Double.isFinite(point.supply())) {
                throw new IllegalArgumentException("curve point " + i + " (" + point.outdoor() + " -> "
                        + point.supply() + "): values must be finite numbers");
            }
            if (i > 0 && !(point.outdoor() > points.get(i - 1).outdoor())) {
                throw new IllegalArgumentException("curve point " + i + ": outdoor " + point.outdoor()
                        + " must be greater than point " + (i - 1) + "'s " + points.get(i - 1).outdoor()
                        + " (outdoor temperatures strictly increasing)");
            }
        }
    }

    /** Convenience: points given as {@code outdoor, supply, outdoor, supply, ...}. */
    public static PiecewiseLinearCurve of(double... outdoorSupplyPairs) {
        if (outdoorSupplyPairs.length % 2 != 0) {
            throw new IllegalArgumentException("curve points come in (outdoor, supply) pairs, got "
                    + outdoorSupplyPairs.length + " numbers");
        }
        Point[] points = new Point[outdoorSupplyPairs.length / 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = new Point(outdoorSupplyPairs[2 * i], outdoorSupplyPairs[2 * i + 1]);
        }
        return new PiecewiseLinearCurve(List.of(points));
    }

    @Override
    public double supply(double outdoor) {
        if (Double.isNaN(outdoor)) {
            throw new IllegalArgumentException("outdoor temperature is NaN");
        }
        Point first = points.get(0);
        if (outdoor <= first.outdoor()) {
            return first.supply();
        }
        for (int i = 1; i < points.size(); i++) {
            Point upper = points.get(i);
            if (outdoor <= upper.outdoor()) {
                Point lower = points.get(i - 1);
                double fraction = (outdoor - lower.outdoor()) / (upper.outdoor() - lower.outdoor());
                return lower.supply() + fraction * (upper.supply() - lower.supply());
            }
        }
        return points.get(points.size() - 1).supply();
    }

    @Override
    public String describe() {
        return points.stream()
                .map(p -> String.format(Locale.ROOT, "%.1f→%.1f", p.outdoor(), p.supply()))
                .collect(Collectors.joining(", ", "curve [", "]"));
    }
}

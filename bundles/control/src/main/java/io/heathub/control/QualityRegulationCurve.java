package io.heathub.control;

import java.util.Locale;

/**
 * The quality-regulation (质调节) curve of radiator systems:
 * <pre>
 * Q  = (tn − tw) / (tn − tw')
 * tg = tn + 0.5·(tg' + th' − 2·tn)·Q^(1/(1+b)) + 0.5·(tg' − th')·Q
 * th = tn + 0.5·(tg' + th' − 2·tn)·Q^(1/(1+b)) − 0.5·(tg' − th')·Q
 * </pre>
 * Edges, by design:
 * <ul>
 *   <li>{@code tw >= tn}: no heat demand, {@code Q = 0}, so {@code tg = th = tn};</li>
 *   <li>{@code tw < tw'} ({@code Q > 1}): clamped to {@code Q = 1}, i.e. the design temperatures
 *       {@code tg', th'}, unless {@code extrapolateBelowDesign} (then the formula runs on with
 *       {@code Q > 1}; the engine's supply limits still cap it);</li>
 *   <li>the supply is never below {@code minimumSupply} (the return is not raised: it is what the
 *       formula gives).</li>
 * </ul>
 *
 * @param roomDesign             tn, design room temperature °C (18)
 * @param designOutdoor          tw', design outdoor temperature °C, {@code < tn}
 * @param designSupply           tg', design supply °C (75, 85; floor heating 45)
 * @param designReturn           th', design return °C, {@code tn <= th' < tg'}
 * @param radiatorExponent       b, {@code >= 0} (0.3 for cast-iron radiators)
 * @param minimumSupply          floor of the supply setpoint °C (set it to tn for none)
 * @param extrapolateBelowDesign run the formula beyond the design outdoor temperature
 */
public record QualityRegulationCurve(double roomDesign, double designOutdoor, double designSupply,
                                     double designReturn, double radiatorExponent, double minimumSupply,
                                     boolean extrapolateBelowDesign) implements HeatingCurve {

    public QualityRegulationCurve {
        requireFinite("roomDesign (tn)", roomDesign);
        requireFinite("designOutdoor (tw')", designOutdoor);
        requireFinite("designSupply (tg')", designSupply);
        requireFinite("designReturn (th')", designReturn);
        requireFinite("radiatorExponent (b)", radiatorExponent);
        requireFinite("minimumSupply", minimumSupply);
        if (designOutdoor >= roomDesign) {
            throw new IllegalArgumentException("designOutdoor (tw') " + designOutdoor
                    + " must be below roomDesign (tn) " + roomDesign);
        }
        if (!(designSupply > designReturn && designReturn >= roomDesign)) {
            throw new IllegalArgumentException("design temperatures must satisfy tn <= th' < tg', got tn "
                    + roomDesign + ", th' " + designReturn + ", tg' " + designSupply);
        }
        if (radiatorExponent < 0) {
            throw new IllegalArgumentException("radiatorExponent (b) must be >= 0, got " + radiatorExponent);
        }
    }

    /** Supply and return setpoints with the relative load they were computed from. */
    public record Temperatures(double relativeLoad, double supply, double returnTemperature) { }

    /** Relative heat load Q for {@code outdoor}, after the edge rules above. */
    public double relativeLoad(double outdoor) {
        if (Double.isNaN(outdoor)) {
            throw new IllegalArgumentException("outdoor temperature is NaN");
        }
        double load = (roomDesign - outdoor) / (roomDesign - designOutdoor);
        if (load <= 0) {
            return 0;
        }
        return extrapolateBelowDesign ? load : Math.min(1, load);
    }

    /** Supply (with the minimum applied) and return for {@code outdoor}. */
    public Temperatures temperatures(double outdoor) {
        double load = relativeLoad(outdoor);
        double common = 0.5 * (designSupply + designReturn - 2 * roomDesign) * Math.pow(load, 1 / (1 + radiatorExponent));
        double half = 0.5 * (designSupply - designReturn) * load;
        double supply = roomDesign + common + half;
        double back = roomDesign + common - half;
        return new Temperatures(load, Math.max(minimumSupply, supply), back);
    }

    @Override
    public double supply(double outdoor) {
        return temperatures(outdoor).supply();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "quality curve tn %.1f, tw' %.1f, %.0f/%.0f, b %.2f", roomDesign,
                designOutdoor, designSupply, designReturn, radiatorExponent);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }
}

package io.heathub.core.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A feature section for the tests, as a feature bundle would write one: {@code tank: { level: DEVICE,
 * litres: N }}, the level device must be one of the site's; with a companion key {@code tankAlarms}
 * ({@code on}, or a {@code .txt} file of contacts next to the site file, one per line). Its warning:
 * litres above the command bound of {@code tank.fill}.
 */
public final class TankSection implements SiteSection<TankSection.Tank> {

    /** The value read. */
    public record Tank(String levelDevice, int litres, String zone, boolean alarms, List<String> contacts) {
    }

    @Override
    public String key() {
        return "tank";
    }

    @Override
    public Set<String> companionKeys() {
        return Set.of("tankAlarms");
    }

    @Override
    public Class<Tank> type() {
        return Tank.class;
    }

    @Override
    public Tank read(ConfigNode sections, SiteContext context) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        List<String> contacts = problems.read(() -> contacts(sections, context)).orElse(List.of());
        if (!sections.has("tank")) {
            problems.throwIfAny();
            return new Tank("", 0, context.zone().getId(), sections.has("tankAlarms"), contacts);
        }
        ConfigNode tank = sections.get("tank");
        problems.check(() -> tank.rejectUnknownKeys(List.of("level", "litres")));
        String level = problems.read(() -> {
            ConfigNode node = tank.get("level");
            if (!context.deviceIds().contains(node.asString())) {
                throw node.error("no device '" + node.asString() + "' in devices:");
            }
            return node.asString();
        }).orElse("");
        int litres = problems.read(() -> tank.integer("litres", 0)).orElse(0);
        problems.throwIfAny();
        return new Tank(level, litres, context.zone().getId(), sections.has("tankAlarms"), contacts);
    }

    @Override
    public List<ConfigException> warnings(Tank value, ConfigNode sections, SiteContext context) {
        Optional<CommandPolicy.Range> bound = context.commands().bound("tank.fill");
        if (bound.isEmpty() || BigDecimal.valueOf(value.litres()).compareTo(bound.get().max()) <= 0) {
            return List.of();
        }
        try {
            return List.of(sections.get("tank").get("litres").error("more than commands.bounds.tank.fill.max "
                    + bound.get().max().toPlainString() + ": a fill to it would be refused"));
        } catch (ConfigException e) {
            return List.of(e);
        }
    }

    @Override
    public Set<Path> files(ConfigNode sections, SiteContext context) {
        return contactsFile(sections, context).map(Set::of).orElse(Set.of());
    }

    private static Optional<Path> contactsFile(ConfigNode sections, SiteContext context) {
        try {
            Optional<ConfigNode> node = sections.opt("tankAlarms");
            if (node.isPresent() && node.get().isScalar() && node.get().asString().endsWith(".txt")) {
                return Optional.of(context.folder().resolve(node.get().asString()));
            }
        } catch (ConfigException e) {
            // read() reports it
        }
        return Optional.empty();
    }

    private static List<String> contacts(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<Path> file = contactsFile(sections, context);
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return Files.readAllLines(file.get()).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw sections.get("tankAlarms").error("no file " + file.get());
        } catch (IOException e) {
            throw sections.get("tankAlarms").error("cannot read " + file.get() + ": " + e.getMessage());
        }
    }
}

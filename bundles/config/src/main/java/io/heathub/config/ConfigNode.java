package io.heathub.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One node of a YAML document that remembers where it came from. Typed getters fail with a
 * {@link ConfigException} naming the file, line and field path, e.g.
 * {@code config/site.yaml:14:14: devices[1].pollInterval: expected a duration like 10s, 500ms or 5m, got "often"}.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final Node node;

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Parses a YAML file; an empty file yields an empty mapping. */
    public static ConfigNode parse(Path file) throws ConfigException {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(name, reader);
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code name} is used in error messages. */
    public static ConfigNode parse(String name, String text) throws ConfigException {
        return parse(name, new StringReader(text));
    }

    private static ConfigNode parse(String name, Reader reader) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        try {
            Node root = compose(name, options, reader);
            if (root == null) {
                root = new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, new ArrayList<>(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
            }
            ConfigNode tree = new ConfigNode(name, "", root);
            tree.rejectDuplicateKeys();
            return tree;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(name, line, column, "", "YAML syntax: " + problem.replace('\n', ' '));
        } catch (YAMLException e) {
            throw new ConfigException(name, 0, 0, "", "YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    /**
     * SnakeYAML's tree of the text. It refuses most bad text with a {@link YAMLException}, but some
     * (a tag like {@code !R:%d}) with an {@code IllegalArgumentException} of its own: any unchecked
     * exception out of it is the text's problem too.
     */
    private static Node compose(String name, LoaderOptions options, Reader reader) throws ConfigException {
        try {
            return new Yaml(options).compose(reader);
        } catch (YAMLException e) {
            throw e; // located by the caller
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replace('\n', ' ');
            throw new ConfigException(name, 0, 0, "", "YAML: cannot be read ("
                    + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + ")");
        }
    }

    /** The file this node came from. */
    public String file() {
        return file;
    }

    /** 1-based line of this node. */
    public int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The field path from the root, e.g. {@code devices[2].address}. */
    public String path() {
        return path;
    }

    /** {@code file:line}, for messages and {@code origin} fields. */
    public String origin() {
        return file + ":" + line();
    }

    /** A {@link ConfigException} located at this node. */
    public ConfigException error(String problem) {
        int column = node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
        return new ConfigException(file, line(), column, path, problem);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** True when this is a mapping that has {@code key}. */
    public boolean has(String key) {
        return isMap() && tuples().stream().anyMatch(t -> key.equals(keyOf(t)));
    }

    /** A required child. */
    public ConfigNode get(String key) throws ConfigException {
        return opt(key).orElseThrow(() -> error("missing required field '" + key + "'"));
    }

    /** An optional child. */
    public Optional<ConfigNode> opt(String key) throws ConfigException {
        requireMap();
        for (NodeTuple t : tuples()) {
            if (key.equals(keyOf(t))) {
                Node value = t.getValueNode();
                if (value instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
                    return Optional.empty();
                }
                return Optional.of(new ConfigNode(file, child(key), value));
            }
        }
        return Optional.empty();
    }

    /** The children of a mapping, in file order. */
    public Map<String, ConfigNode> asMap() throws ConfigException {
        requireMap();
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple t : tuples()) {
            String key = keyOf(t);
            if (key == null) {
                throw new ConfigNode(file, path, t.getKeyNode()).error("keys must be plain text");
            }
            out.put(key, new ConfigNode(file, child(key), t.getValueNode()));
        }
        return out;
    }

    /** The items of a sequence; a missing optional list is best read with {@link #list(String)}. */
    public List<ConfigNode> asList() throws ConfigException {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new ConfigNode(file, path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    /** The items of an optional list field; empty when absent. */
    public List<ConfigNode> list(String key) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asList() : List.of();
    }

    /**
     * Fails naming every key that is not among {@code allowed}, each with the nearest allowed key
     * when it looks like a typo of it ({@code did you mean 'address'?}), else with the allowed keys.
     */
    public void rejectUnknownKeys(Collection<String> allowed) throws ConfigException {
        requireMap();
        List<ConfigException> unknown = new ArrayList<>();
        for (NodeTuple t : tuples()) {
            String key = keyOf(t);
            if (key != null && !allowed.contains(key)) {
                String hint = DidYouMean.closest(key, allowed).map(a -> " (did you mean '" + a + "'?)")
                        .orElse("; allowed: " + String.join(", ", allowed));
                unknown.add(new ConfigNode(file, child(key), t.getKeyNode()).error("unknown field '" + key + "'" + hint));
            }
        }
        ConfigProblems.throwIfAny(unknown);
    }

    /** The keys of a mapping, in file order. */
    public List<String> keys() throws ConfigException {
        requireMap();
        return tuples().stream().map(ConfigNode::keyOf).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * This mapping with only the given keys (the others left out), same file, places and paths:
     * what a reader of some sections of a file is given, so it cannot come to depend on the others.
     */
    public ConfigNode select(Collection<String> keys) throws ConfigException {
        requireMap();
        MappingNode map = (MappingNode) node;
        List<NodeTuple> kept = tuples().stream().filter(t -> keys.contains(keyOf(t))).toList();
        return new ConfigNode(file, path, new MappingNode(map.getTag(), true, new ArrayList<>(kept),
                map.getStartMark(), map.getEndMark(), map.getFlowStyle()));
    }

    /** The scalar text. */
    public String asString() throws ConfigException {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value, found a " + (isMap() ? "mapping" : "list"));
        }
        return s.getValue();
    }

    public int asInt() throws ConfigException {
        String text = asString().trim();
        try {
            return Integer.decode(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got \"" + text + "\"");
        }
    }

    public BigDecimal asDecimal() throws ConfigException {
        String text = asString().trim();
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("expected a number, got \"" + text + "\"");
        }
    }

    public double asDouble() throws ConfigException {
        return asDecimal().doubleValue();
    }

    public boolean asBoolean() throws ConfigException {
        String text = asString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, got \"" + text + "\"");
        };
    }

    /**
     * A duration written {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601
     * ({@code PT10S}), at most {@link Durations#MAX}.
     */
    public Duration asDuration() throws ConfigException {
        String text = asString().trim();
        Optional<String> tooLong = Durations.tooLong(text);
        if (tooLong.isPresent()) {
            throw error(tooLong.get());
        }
        return Durations.parse(text)
                .orElseThrow(() -> error("expected a duration like 10s, 500ms or 5m, got \"" + text + "\""));
    }

    /** An enum constant by name, case-insensitive, with {@code -} read as {@code _}. */
    public <E extends Enum<E>> E asEnum(Class<E> type) throws ConfigException {
        String text = asString().trim();
        String wanted = text.replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error("unknown value \"" + text + "\"; expected one of " + String.join(", ", names));
    }

    /** Required string field. */
    public String string(String key) throws ConfigException {
        return get(key).asString();
    }

    /** Optional string field with a default. */
    public String string(String key, String fallback) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asString() : fallback;
    }

    /** Optional whole-number field with a default. */
    public int integer(String key, int fallback) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asInt() : fallback;
    }

    /** Optional duration field with a default. */
    public Duration duration(String key, Duration fallback) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asDuration() : fallback;
    }

    /** Optional decimal field with a default. */
    public BigDecimal decimal(String key, BigDecimal fallback) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asDecimal() : fallback;
    }

    /** Optional boolean field with a default. */
    public boolean bool(String key, boolean fallback) throws ConfigException {
        Optional<ConfigNode> child = opt(key);
        return child.isPresent() ? child.get().asBoolean() : fallback;
    }

    /** SnakeYAML's composer keeps duplicate keys (only its constructor checks), so check here. */
    private void rejectDuplicateKeys() throws ConfigException {
        if (isMap()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (NodeTuple t : tuples()) {
                String key = keyOf(t);
                if (key != null && !seen.add(key)) {
                    throw new ConfigNode(file, child(key), t.getKeyNode()).error("duplicate field '" + key + "'");
                }
                new ConfigNode(file, key == null ? path : child(key), t.getValueNode()).rejectDuplicateKeys();
            }
        } else if (isList()) {
            for (ConfigNode item : asList()) {
                item.rejectDuplicateKeys();
            }
        }
    }

    private void requireMap() throws ConfigException {
        if (!isMap()) {
            throw error("expected a mapping of fields");
        }
    }

    private List<NodeTuple> tuples() {
        return ((MappingNode) node).getValue();
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}

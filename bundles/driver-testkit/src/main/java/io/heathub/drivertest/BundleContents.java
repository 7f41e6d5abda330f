package io.heathub.drivertest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The files of a built driver bundle, from its classes folder ({@code target/classes}, where
 * bnd-maven-plugin writes the manifest and the DS descriptors before the tests run) or its jar.
 */
final class BundleContents {
    /** A DS component as its descriptor declares it. */
    record Component(String name, String implementation, List<String> provides, String descriptor) {
    }

    private final Path location;

    private BundleContents(Path location) {
        this.location = location;
    }

    /** Where {@code type} was loaded from. */
    static BundleContents of(Class<?> type, Optional<Path> override) {
        if (override.isPresent()) {
            return new BundleContents(override.get());
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new AssertionError(type.getName() + " was not loaded from a folder or jar; give"
                    + " ConformanceSpec.bundleLocation(...)");
        }
        try {
            return new BundleContents(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new AssertionError("cannot locate the classes of " + type.getName() + ": " + e, e);
        }
    }

    Path location() {
        return location;
    }

    /** A file of the bundle, e.g. {@code META-INF/MANIFEST.MF}; empty when absent. */
    Optional<byte[]> file(String name) {
        try {
            if (Files.isDirectory(location)) {
                Path file = location.resolve(name);
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            }
            try (ZipFile jar = new ZipFile(location.toFile())) {
                var entry = jar.getEntry(name);
                if (entry == null) {
                    return Optional.empty();
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return Optional.of(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + name + " in " + location + ": " + e, e);
        }
    }

    /** True when the bundle holds any file under {@code folder} (e.g. {@code io/heathub/api/}). */
    boolean contains(String folder) {
        try {
            if (Files.isDirectory(location)) {
                return Files.isDirectory(location.resolve(folder));
            }
            try (ZipFile jar = new ZipFile(location.toFile())) {
                return jar.stream().anyMatch(e -> e.getName().startsWith(folder));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list " + location + ": " + e, e);
        }
    }

    Optional<Manifest> manifest() {
        return file("META-INF/MANIFEST.MF").map(bytes -> {
            try {
                return new Manifest(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new AssertionError("META-INF/MANIFEST.MF in " + location + " does not parse: " + e, e);
            }
        });
    }

    /** The class names listed in {@code META-INF/services/<service>}, comments and blanks left out. */
    List<String> services(String service) {
        return file("META-INF/services/" + service).map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList()).orElse(List.of());
    }

    /** The components of the descriptors the manifest's {@code Service-Component} header lists. */
    List<Component> components(String serviceComponentHeader) {
        List<Component> components = new ArrayList<>();
        for (String entry : serviceComponentHeader.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            for (String descriptor : expand(name)) {
                byte[] xml = file(descriptor).orElseThrow(() -> new AssertionError("the manifest's Service-Component"
                        + " lists " + descriptor + ", which is not in " + location));
                components.addAll(parse(descriptor, xml));
            }
        }
        return components;
    }

    private List<String> expand(String pattern) {
        if (!pattern.contains("*")) {
            return List.of(pattern);
        }
        int slash = pattern.lastIndexOf('/');
        String folder = slash < 0 ? "" : pattern.substring(0, slash + 1);
        String glob = pattern.substring(slash + 1).replace(".", "\\.").replace("*", ".*");
        if (!Files.isDirectory(location)) {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(folder)
                        && n.substring(folder.length()).matches(glob)).toList();
            } catch (IOException e) {
                throw new AssertionError("cannot list " + location + ": " + e, e);
            }
        }
        try (Stream<Path> files = Files.list(location.resolve(folder))) {
            return files.map(p -> folder + p.getFileName()).filter(n -> n.substring(folder.length()).matches(glob)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Component> parse(String descriptor, byte[] xml) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("DS descriptor " + descriptor + " does not parse: " + e, e);
        }
        List<Component> components = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("*", "component");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element component = (Element) nodes.item(i);
            NodeList implementations = component.getElementsByTagNameNS("*", "implementation");
            String implementation = implementations.getLength() == 0 ? ""
                    : ((Element) implementations.item(0)).getAttribute("class");
            List<String> provides = new ArrayList<>();
            NodeList provideNodes = component.getElementsByTagNameNS("*", "provide");
            for (int j = 0; j < provideNodes.getLength(); j++) {
                provides.add(((Element) provideNodes.item(j)).getAttribute("interface"));
            }
            components.add(new Component(component.getAttribute("name"), implementation, provides, descriptor));
        }
        return components;
    }
}

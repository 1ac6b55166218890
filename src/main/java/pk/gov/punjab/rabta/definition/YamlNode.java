package pk.gov.punjab.rabta.definition;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML node that remembers its file, line and column, so every definition error can say where it is. */
public final class YamlNode {
    private final Node node;
    private final String file;

    private YamlNode(Node node, String file) {
        this.node = node;
        this.file = file;
    }

    public static YamlNode load(Path path) {
        String file = path.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            if (root == null) {
                throw new DefinitionException(file + ":1:1: the file is empty");
            }
            return new YamlNode(root, file);
        } catch (MarkedYAMLException e) {
            throw new DefinitionException(file + ":" + (e.getProblemMark().getLine() + 1) + ":" + (e.getProblemMark().getColumn() + 1)
                    + ": not valid YAML: " + e.getProblem(), e);
        } catch (IOException e) {
            throw new DefinitionException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** "file:line:column", for messages. */
    public String where() {
        return file + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String file() {
        return file;
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

    public YamlNode get(String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new YamlNode(tuple.getValueNode(), file);
                }
            }
        }
        return null;
    }

    public YamlNode require(String key) {
        YamlNode child = get(key);
        if (child == null) {
            throw new DefinitionException(where() + ": required key '" + key + "' is missing");
        }
        return child;
    }

    /** Entries of a map in file order; keys are scalars. */
    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k) {
                    YamlNode earlier = out.put(k.getValue(), new YamlNode(tuple.getValueNode(), file));
                    if (earlier != null) {
                        // YAML would silently keep the last one; a field written twice is a mistake to show.
                        throw new DefinitionException(new YamlNode(k, file).where() + ": '" + k.getValue()
                                + "' is given twice (first at line " + earlier.line() + ")");
                    }
                }
            }
        } else {
            throw new DefinitionException(where() + ": a map of keys was expected");
        }
        return out;
    }

    /** Where a key of this map stands, for errors about the key itself. */
    public String whereKey(String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new YamlNode(k, file).where();
                }
            }
        }
        return where();
    }

    public List<YamlNode> items() {
        List<YamlNode> out = new ArrayList<>();
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                out.add(new YamlNode(item, file));
            }
        } else {
            out.add(this);
        }
        return out;
    }

    /** A scalar's text; a list of scalars gives its items. */
    public List<String> texts() {
        return items().stream().map(YamlNode::text).toList();
    }

    public String text() {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new DefinitionException(where() + ": a single value was expected");
    }

    public int integer() {
        try {
            return Integer.parseInt(text().trim());
        } catch (NumberFormatException e) {
            throw new DefinitionException(where() + ": a whole number was expected, found '" + text() + "'");
        }
    }

    public boolean bool() {
        String value = text().trim().toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new DefinitionException(where() + ": true or false was expected, found '" + text() + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** Fails naming every key of this map that the reader does not know, so a typo never passes silently. */
    public void allowOnly(java.util.Set<String> known) {
        for (String key : entries().keySet()) {
            if (!known.contains(key)) {
                throw new DefinitionException(whereKey(key) + ": unknown key '" + key + "' (allowed: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }
}

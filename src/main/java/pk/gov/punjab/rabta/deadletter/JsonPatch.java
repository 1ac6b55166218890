package pk.gov.punjab.rabta.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch (add, remove, replace, move, copy, test) applied to a copy of a document. */
final class JsonPatch {
    private JsonPatch() {
    }

    /** The patched copy; an IllegalArgumentException names the operation that cannot apply. */
    static JsonNode apply(JsonNode document, JsonNode patch) {
        if (patch == null || !patch.isArray() || patch.isEmpty()) {
            throw new IllegalArgumentException("the patch must be a non-empty JSON array of operations (RFC 6902)");
        }
        JsonNode result = document.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode operation = patch.get(i);
            String op = operation.path("op").asText();
            String path = operation.path("path").asText(null);
            if (path == null) {
                throw new IllegalArgumentException("patch operation " + i + " has no 'path'");
            }
            try {
                result = switch (op) {
                    case "add" -> add(result, path, value(operation, i));
                    case "remove" -> remove(result, path);
                    case "replace" -> add(remove(result, path), path, value(operation, i));
                    case "move" -> {
                        JsonNode moved = get(result, from(operation, i));
                        yield add(remove(result, from(operation, i)), path, moved);
                    }
                    case "copy" -> add(result, path, get(result, from(operation, i)).deepCopy());
                    case "test" -> {
                        if (!get(result, path).equals(value(operation, i))) {
                            throw new IllegalArgumentException("test failed: " + path + " is " + get(result, path));
                        }
                        yield result;
                    }
                    default -> throw new IllegalArgumentException("unknown op '" + op + "'");
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("patch operation " + i + " (" + op + " " + path + "): " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static JsonNode value(JsonNode operation, int i) {
        if (!operation.has("value")) {
            throw new IllegalArgumentException("patch operation " + i + " needs a 'value'");
        }
        return operation.get("value");
    }

    private static String from(JsonNode operation, int i) {
        if (!operation.hasNonNull("from")) {
            throw new IllegalArgumentException("patch operation " + i + " needs a 'from'");
        }
        return operation.get("from").asText();
    }

    private static String[] tokens(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the whole record cannot be replaced; patch its fields");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/'");
        }
        String[] tokens = path.substring(1).split("/", -1);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = tokens[i].replace("~1", "/").replace("~0", "~");
        }
        return tokens;
    }

    private static JsonNode parent(JsonNode root, String[] tokens) {
        JsonNode node = root;
        for (int i = 0; i < tokens.length - 1; i++) {
            node = child(node, tokens[i]);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token) {
        JsonNode next = node.isArray() ? node.get(index(node, token, false)) : node.get(token);
        if (next == null) {
            throw new IllegalArgumentException("no '" + token + "' in the record");
        }
        return next;
    }

    private static int index(JsonNode array, String token, boolean forAdd) {
        if (forAdd && token.equals("-")) {
            return array.size();
        }
        try {
            int index = Integer.parseInt(token);
            if (index < 0 || index > array.size() || (!forAdd && index == array.size())) {
                throw new IllegalArgumentException("index " + index + " is out of range");
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not an array index", e);
        }
    }

    private static JsonNode get(JsonNode root, String path) {
        String[] tokens = tokens(path);
        return child(parent(root, tokens), tokens[tokens.length - 1]);
    }

    private static JsonNode add(JsonNode root, String path, JsonNode value) {
        String[] tokens = tokens(path);
        JsonNode parent = parent(root, tokens);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.insert(index(array, last, true), value);
        } else {
            throw new IllegalArgumentException("'" + path + "' is not inside an object or array");
        }
        return root;
    }

    private static JsonNode remove(JsonNode root, String path) {
        String[] tokens = tokens(path);
        JsonNode parent = parent(root, tokens);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ObjectNode object) {
            if (!object.has(last)) {
                throw new IllegalArgumentException("no '" + last + "' in the record");
            }
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(array, last, false));
        } else {
            throw new IllegalArgumentException("'" + path + "' is not inside an object or array");
        }
        return root;
    }
}

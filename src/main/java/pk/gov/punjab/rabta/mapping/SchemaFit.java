package pk.gov.punjab.rabta.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.YamlNode;

/**
 * Checks, when a mapping is compiled, that its fields write only what its schema's payload allows and surely write
 * what the schema requires, so such a mistake stops the definitions instead of failing every record with SCHEMA.
 */
final class SchemaFit {
    /** Schema keywords this check does not follow; below them it assumes nothing and leaves the record's check to run time. */
    private static final Set<String> NOT_FOLLOWED = Set.of("$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "if", "not",
            "patternProperties", "dependentSchemas", "propertyNames");

    private final String schemaFile;

    private SchemaFit(String schemaFile) {
        this.schemaFile = schemaFile;
    }

    /**
     * Fails on the first field the schema does not allow, or the first property it requires that no field is sure to write.
     *
     * @param fields        the mapping's fields: map
     * @param recordSchema  the whole record's schema, whose payload property the fields write
     * @param schemaFile    the schema's file, as messages name it
     * @param whereFields   where fields: stands, for a required property no field writes
     */
    static void check(YamlNode fields, JsonNode recordSchema, String schemaFile, String whereFields) {
        JsonNode payload = recordSchema.path("properties").path("payload");
        if (payload.isObject()) {
            new SchemaFit(schemaFile).checkObject(fields, payload, "payload", whereFields);
        }
    }

    /** What the fields write under one object: which properties, whether surely, and by which field first. */
    private static final class Written {
        final JsonNode schema;
        final String path;
        final Map<String, Written> parts = new LinkedHashMap<>();
        final String firstField;
        final String firstWhere;
        boolean sure;
        boolean whole;

        Written(JsonNode schema, String path, String firstField, String firstWhere) {
            this.schema = schema;
            this.path = path;
            this.firstField = firstField;
            this.firstWhere = firstWhere;
        }
    }

    private void checkObject(YamlNode fields, JsonNode schema, String path, String whereMissing) {
        Written root = new Written(schema, path, null, whereMissing);
        for (Map.Entry<String, YamlNode> e : fields.entries().entrySet()) {
            String name = e.getKey();
            YamlNode rule = e.getValue();
            String where = fields.whereKey(name);
            boolean sure = surelyWritten(rule);
            String[] segments = name.split("\\.");
            Written at = root;
            for (int i = 0; i < segments.length; i++) {
                Written part = at.parts.get(segments[i]);
                if (part == null) {
                    part = new Written(property(at, segments[i], name, where), at.path + "." + segments[i], name, where);
                    at.parts.put(segments[i], part);
                }
                part.sure |= sure;
                if (i < segments.length - 1 && part.schema != null && !allows(part.schema, "object")) {
                    throw new DefinitionException(where + ": field '" + name + "' writes into " + part.path + ", which " + schemaFile
                            + " makes " + types(part.schema) + ", not an object"
                            + (allows(part.schema, "array") ? "; write a list's items with each:" : ""));
                }
                at = part;
            }
            at.whole = true;
            YamlNode each = rule.isMap() ? rule.get("each") : null;
            if (each != null && at.schema != null) {
                if (!allows(at.schema, "array")) {
                    throw new DefinitionException(rule.whereKey("each") + ": field '" + name + "' has each:, which writes a list, but "
                            + schemaFile + " makes " + at.path + " " + types(at.schema));
                }
                JsonNode items = at.schema.get("items");
                if (items != null && items.isObject() && allows(items, "object") && followed(items)) {
                    checkObject(each, items, at.path + "[]", rule.whereKey("each"));
                }
            }
        }
        checkRequired(root);
    }

    /** The schema of a property the field writes; null where the schema leaves it open. */
    private JsonNode property(Written at, String segment, String field, String where) {
        if (at.schema == null || !followed(at.schema)) {
            return null;
        }
        JsonNode properties = at.schema.path("properties");
        JsonNode property = properties.get(segment);
        if (property != null) {
            return property.isObject() ? property : null;
        }
        if (closed(at.schema)) {
            List<String> known = new ArrayList<>();
            properties.fieldNames().forEachRemaining(known::add);
            throw new DefinitionException(where + ": field '" + field + "' is not in " + schemaFile + ": " + at.path
                    + " has no property '" + segment + "' (it has " + new TreeSet<>(known) + ")");
        }
        return null;
    }

    private void checkRequired(Written object) {
        if (object.schema == null || !followed(object.schema) || (object.whole && object.parts.isEmpty())) {
            return;
        }
        for (JsonNode required : object.schema.path("required")) {
            String name = required.asText();
            Written part = object.parts.get(name);
            if (part == null) {
                throw new DefinitionException(object.firstWhere + ": " + schemaFile + " requires " + object.path + "." + name
                        + (object.firstField == null ? "" : " wherever " + object.path + " is written") + ", and no field writes it");
            }
            if (!part.sure) {
                throw new DefinitionException(part.firstWhere + ": field '" + part.firstField + "' may be left out, but " + schemaFile
                        + " requires " + part.path + ": give " + (part.parts.isEmpty() ? "it" : "a field under " + part.path)
                        + " required: true, a default or a value, and no when:");
            }
        }
        for (Written part : object.parts.values()) {
            if (!part.parts.isEmpty()) {
                checkRequired(part);
            }
        }
    }

    /** A field surely has a value when it is required, defaulted or a constant, and not written only when a test holds. */
    private static boolean surelyWritten(YamlNode rule) {
        if (!rule.isMap() || rule.get("when") != null) {
            return false;
        }
        YamlNode required = rule.get("required");
        return (required != null && required.bool()) || rule.get("default") != null || rule.get("value") != null;
    }

    private static boolean followed(JsonNode schema) {
        for (String keyword : NOT_FOLLOWED) {
            if (schema.has(keyword)) {
                return false;
            }
        }
        return true;
    }

    private static boolean closed(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        JsonNode unevaluated = schema.get("unevaluatedProperties");
        return (additional != null && additional.isBoolean() && !additional.asBoolean())
                || (unevaluated != null && unevaluated.isBoolean() && !unevaluated.asBoolean());
    }

    /** Whether the schema's type admits the JSON type; a schema without a type admits any. */
    private static boolean allows(JsonNode schema, String type) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return true;
        }
        if (declared.isArray()) {
            for (JsonNode t : declared) {
                if (t.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return declared.asText().equals(type);
    }

    private static String types(JsonNode schema) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return "any value";
        }
        if (declared.isArray()) {
            List<String> names = new ArrayList<>();
            declared.forEach(t -> names.add(t.asText()));
            return "one of " + names;
        }
        return "a" + ("aeiou".indexOf(declared.asText().charAt(0)) >= 0 ? "n " : " ") + declared.asText();
    }
}

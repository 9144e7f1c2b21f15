//! Requests built from the OpenAPI document, for the walks over every route.
use std::collections::HashMap;

use serde_json::{Map, Value, json};

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    }
}

/// A plausible body for a request schema, with the first tenant's ids in every `*_id` field.
pub fn body_for(doc: &Value, schema: &Value, ids: &HashMap<&str, String>) -> Value {
    let schema = resolve(doc, schema);
    if schema["type"] == "array" {
        return json!([]);
    }
    let mut out = Map::new();
    if let Some(props) = schema["properties"].as_object() {
        for (name, prop) in props {
            let mut prop = resolve(doc, prop);
            if let Some(variants) = prop["oneOf"].as_array() {
                prop = variants.iter().map(|v| resolve(doc, v)).find(|v| v["type"] != "null").unwrap_or(prop);
            }
            if let Some(first) = prop["enum"].as_array().and_then(|e| e.first()) {
                out.insert(name.clone(), first.clone());
                continue;
            }
            let kind = prop["type"].as_str().or_else(|| {
                prop["type"].as_array().and_then(|t| t.iter().find_map(|x| x.as_str().filter(|k| *k != "null")))
            });
            let value = match kind {
                Some("integer") | Some("number") => json!(1),
                Some("boolean") => json!(true),
                Some("array") => json!([]),
                Some("object") => json!({}),
                _ if prop["format"] == "date-time" => json!("2026-01-01T00:00:00Z"),
                _ => match ids.get(name.as_str()) {
                    Some(id) => json!(id),
                    None => json!("probe.value@probe.test"),
                },
            };
            out.insert(name.clone(), value);
        }
    }
    Value::Object(out)
}

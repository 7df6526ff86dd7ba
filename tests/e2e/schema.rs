//! The committed JSON Schemas are the ones the types generate (regenerate with `just schema`).

use crate::util::repo_root;

#[test]
fn committed_schemas_match_the_types() {
    for (file, generated) in [
        (
            "docs/document.schema.json",
            juesuan_model::document_schema(),
        ),
        ("docs/fact.schema.json", juesuan_model::fact_schema()),
        (
            "docs/manifest.schema.json",
            juesuan_model::manifest_schema(),
        ),
        (
            "docs/documents.schema.json",
            juesuan_model::document_line_schema(),
        ),
        (
            "docs/evaluation.schema.json",
            juesuan_model::evaluation_line_schema(),
        ),
        (
            "docs/indicator.schema.json",
            juesuan_model::indicator_line_schema(),
        ),
        (
            "docs/narrative.schema.json",
            juesuan_model::narrative_schema(),
        ),
    ] {
        let committed = std::fs::read_to_string(repo_root().join(file)).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} is stale: run `just schema` and review the diff"
        );
    }
}

#[test]
fn documents_validate_their_own_shape() {
    // every field the schema requires is present in a real output
    let schema: serde_json::Value =
        serde_json::from_str(&juesuan_model::document_schema()).unwrap();
    let (_, doc) = &crate::util::corpus()[0];
    let doc = serde_json::to_value(doc).unwrap();
    for field in schema["required"].as_array().unwrap() {
        assert!(
            doc.get(field.as_str().unwrap()).is_some(),
            "missing {field}"
        );
    }
}

//! `openapi/openapi.json` is generated from the code; this fails when it is stale.
//! Regenerate with `make openapi`.

#[test]
fn committed_openapi_document_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = panelrelay::http::openapi::document_json().expect("the document serialises");
    assert!(committed == current, "openapi/openapi.json is stale: run `make openapi` and commit the result");
}

#[test]
fn every_operation_documents_its_responses_and_every_id_route_its_404() {
    let doc: serde_json::Value =
        serde_json::from_str(&panelrelay::http::openapi::document_json().expect("serialises")).expect("json");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has no responses");
            if path.contains('{') {
                assert!(op["responses"]["404"].is_object(), "{method} {path} must document its 404");
            }
        }
    }
}

//! The committed OpenAPI document is the one the server serves: a changed handler or
//! wire type without `UPDATE_OPENAPI=1 cargo test -p desk-server --test openapi` fails here.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

#[test]
fn the_committed_openapi_document_matches_the_server() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let current = format!("{}\n", desk_server::http::openapi::json());
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "docs/openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p desk-server --test openapi"
    );
}

#[test]
fn every_api_operation_requires_the_version_header_and_documents_the_error_body() {
    let doc: serde_json::Value = serde_json::from_str(&desk_server::http::openapi::json()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/push") && paths.contains_key("/health"));
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["responses"]["default"].is_object(), "{method} {path}");
            let versioned = path.starts_with("/api/v1/") && !path.ends_with("openapi.json");
            let header = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == desk_wire::API_VERSION_HEADER && p["in"] == "header");
            assert_eq!(header, versioned, "{method} {path}");
            let secured = op.get("security").is_some();
            assert_eq!(
                secured,
                versioned && !path.ends_with("/login"),
                "{method} {path}"
            );
        }
    }
}

//! The OpenAPI document, generated from the handlers' attributes and desk-wire's types;
//! committed as `docs/openapi.json` (a test fails when that copy is stale).

use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, Required, Type};
use utoipa::{Modify, OpenApi};

use super::handlers;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Incident Desk sync server",
        description = "desk-server: the journal's ledger shared by workstations (issue 15). Every request under /api/v1 (but this document) carries the header x-desk-api: 1; every refusal is an ErrorBody translated per Accept-Language (kk, ru, en)."
    ),
    paths(
        handlers::health,
        handlers::openapi_json,
        handlers::login,
        handlers::logout,
        handlers::users,
        handlers::put_user,
        handlers::revoke_workstation,
        handlers::push,
        handlers::pull,
        handlers::alarms,
        handlers::blob_status,
        handlers::put_part,
        handlers::get_part,
    ),
    components(schemas(desk_wire::ErrorBody, desk_wire::ErrorDetail, desk_wire::ErrorCode)),
    modifiers(&Protocol)
)]
pub struct ApiDoc;

/// What every operation shares, added here rather than on each handler: the version
/// header, the bearer token (but for logging in), and the error body of every refusal.
struct Protocol;

impl Modify for Protocol {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let versioned =
                path.starts_with(desk_wire::API_PREFIX) && !path.ends_with("/openapi.json");
            let authenticated = versioned && !path.ends_with("/login");
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                shared(op, versioned, authenticated);
            }
        }
    }
}

fn shared(op: &mut Operation, versioned: bool, authenticated: bool) {
    if versioned {
        let header = ParameterBuilder::new()
            .name(desk_wire::API_VERSION_HEADER)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some("The protocol version the client speaks"))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .enum_values(Some([desk_wire::API_VERSION]))
                    .build(),
            ))
            .build();
        op.parameters.get_or_insert_with(Vec::new).push(header);
    }
    if authenticated {
        op.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
    let error = ResponseBuilder::new()
        .description("A refusal: a stable code, a translated message, the field at fault")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    op.responses
        .responses
        .insert("default".to_owned(), error.into());
}

/// The document as served and committed.
pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

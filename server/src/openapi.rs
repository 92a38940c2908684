//! The API's OpenAPI 3 document, generated: the session routes from their types (utoipa's
//! `ToSchema`), and one path per operation of the core, from the server's routing table —
//! so a new operation is described as soon as it is routed. The operations' bodies are
//! described as JSON objects for now (their types are the core's, which knows no utoipa).

use crate::api::{ErrorBody, Health, OPERATIONS};
use crate::auth::{LoginAnswer, LoginRequest, Me};
use panier::ops::Access;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr,
    Required, ResponseBuilder, ResponsesBuilder,
};
use utoipa::PartialSchema;

/// Any JSON object.
fn any_json() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .build(),
    ))
}

/// Any JSON value (an operation's answer may be an object, a list or null).
fn any_value() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::AnyValue)
            .build(),
    ))
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(name))
}

/// A refusal's answer: the `ErrorBody` every error carries.
fn refusal(description: &str) -> utoipa::openapi::Response {
    json_response(description, reference("ErrorBody"))
}

fn json_response(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

/// The answers every logged-in route may give besides its own.
fn with_errors(mut op: OperationBuilder, ok: utoipa::openapi::Response) -> OperationBuilder {
    let mut responses = ResponsesBuilder::new().response("200", ok);
    for (code, why) in [
        ("400", "unreadable request"),
        ("401", "not logged in, or the session expired"),
        ("403", "the role may not, or X-CSRF-Token missing"),
        ("404", "not found"),
        (
            "409",
            "refused by a rule of the data, or (error `conflict`) an edit made on values someone changed since they were read: reload and redo",
        ),
        ("422", "a field's value is not acceptable"),
        (
            "503",
            "the file is damaged, busy, or the server is stopping",
        ),
    ] {
        responses = responses.response(code, refusal(why));
    }
    op = op.responses(responses.build());
    op
}

fn json_body(schema: RefOr<Schema>) -> Option<utoipa::openapi::request_body::RequestBody> {
    Some(
        RequestBodyBuilder::new()
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(schema)).build(),
            )
            .required(Some(Required::True))
            .build(),
    )
}

fn query(name: &str, schema: Schema, required: bool) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .schema(Some(schema))
        .build()
}

pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new()
        .path(
            "/api/health",
            PathItem::new(
                HttpMethod::Get,
                OperationBuilder::new()
                    .summary(Some("Is the server up, with its file open? (no login)"))
                    .response("200", json_response("up", reference("Health")))
                    .response("503", json_response("stopping", reference("Health"))),
            ),
        )
        .path(
            "/api/login",
            PathItem::new(
                HttpMethod::Post,
                OperationBuilder::new()
                    .summary(Some(
                        "Log in: sets the session cookie, returns the CSRF token",
                    ))
                    .request_body(json_body(reference("LoginRequest")))
                    .response("200", json_response("logged in", reference("LoginAnswer")))
                    .response("400", refusal("unreadable"))
                    .response("401", refusal("wrong name or password"))
                    .response("429", refusal("too many failures: wait")),
            ),
        )
        .path(
            "/api/logout",
            PathItem::new(
                HttpMethod::Post,
                OperationBuilder::new()
                    .summary(Some("End the session"))
                    .response(
                        "204",
                        ResponseBuilder::new().description("logged out").build(),
                    )
                    .response("401", refusal("not logged in"))
                    .response("403", refusal("X-CSRF-Token missing")),
            ),
        )
        .path(
            "/api/me",
            PathItem::new(
                HttpMethod::Get,
                OperationBuilder::new()
                    .summary(Some("Who is logged in"))
                    .response("200", json_response("the user", reference("Me")))
                    .response("401", refusal("not logged in")),
            ),
        )
        .path(
            "/api/members",
            PathItem::new(
                HttpMethod::Get,
                with_errors(
                    OperationBuilder::new()
                        .summary(Some("Members matching a search (names, emails, status)"))
                        .parameter(query("search", String::schema().into_schema(), false))
                        .parameter(query("limit", i64::schema().into_schema(), false)),
                    json_response("the members", any_array()),
                ),
            ),
        )
        .path(
            "/api/members",
            PathItem::new(
                HttpMethod::Post,
                with_errors(
                    OperationBuilder::new()
                        .summary(Some("Add a member: first_name, last_name, email…"))
                        .request_body(json_body(any_json())),
                    json_response("its id", any_json()),
                ),
            ),
        )
        .path(
            "/api/books",
            PathItem::new(
                HttpMethod::Get,
                with_errors(
                    OperationBuilder::new()
                        .summary(Some("A financial year's income statement and balance"))
                        .parameter(query("year", year(), true)),
                    json_response("the statement", any_json()),
                ),
            ),
        )
        .path(
            "/api/report/preview",
            PathItem::new(
                HttpMethod::Get,
                with_errors(
                    OperationBuilder::new()
                        .summary(Some(
                            "One page of the public report as an HTML document (the Reports screen's frame)",
                        ))
                        .parameter(query("year", year(), true))
                        .parameter(query("page", one_of(&["economic", "transparency"]), true))
                        .parameter(query("language", one_of(&["fr", "en"]), false)),
                    ResponseBuilder::new()
                        .description("the page, self-contained (inline styles, no script)")
                        .content(
                            "text/html",
                            ContentBuilder::new()
                                .schema(Some(String::schema()))
                                .build(),
                        )
                        .build(),
                ),
            ),
        );
    for route in OPERATIONS {
        let (verb, area) = match route.access {
            Access::Read(area) => ("reads", area),
            Access::Write(area) => ("writes", area),
        };
        paths = paths.path(
            format!("/api/ops/{}", route.name),
            PathItem::new(
                HttpMethod::Post,
                with_errors(
                    OperationBuilder::new()
                        .operation_id(Some(route.name))
                        .tag(format!("{area:?}"))
                        .summary(Some(format!("{} ({verb} {area:?})", route.name)))
                        .request_body(json_body(any_json())),
                    json_response("the operation's answer", any_value()),
                )
                .response(
                    "413",
                    refusal("the request is over the server's limit (64 MiB)"),
                ),
            ),
        );
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Panier")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The team server's API. Log in with POST /api/login; send the session cookie, \
                     and the csrf token in X-CSRF-Token on every POST.",
                )),
        )
        .paths(paths.build())
        .components(Some(
            ComponentsBuilder::new()
                .schema_from::<ErrorBody>()
                .schema_from::<Health>()
                .schema_from::<LoginRequest>()
                .schema_from::<LoginAnswer>()
                .schema_from::<Me>()
                .build(),
        ))
        .build()
}

/// A year the core takes (it refuses any other: `ops::books::check_year`).
fn year() -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int32,
            )))
            .minimum(Some(1000))
            .maximum(Some(9999))
            .build(),
    )
}

/// A string among `words` (a query parameter's choices).
fn one_of(words: &[&str]) -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .enum_values(Some(words.iter().copied()))
            .build(),
    )
}

fn any_array() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Array))
            .build(),
    ))
}

trait IntoSchema {
    fn into_schema(self) -> Schema;
}

impl IntoSchema for RefOr<Schema> {
    fn into_schema(self) -> Schema {
        match self {
            RefOr::T(schema) => schema,
            RefOr::Ref(_) => any_value().into_schema(),
        }
    }
}

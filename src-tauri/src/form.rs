//! A form's refusal as the window shows it: next to the field it is about when the core
//! named one the form has, else above the form.

use crate::session::Session;
use panier::kernel::field::Field;
use serde::Serialize;
use ts_rs::TS;

/// A refused form: the sentence to show, and the form's own name for the field it belongs
/// next to (a `Field`'s name such as `amount`, or a setting's key), when the core named one
/// the form has.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormError {
    pub field: Option<String>,
    pub message: String,
}

impl FormError {
    /// A refusal about no field in particular.
    pub fn plain(message: String) -> Self {
        FormError {
            field: None,
            message,
        }
    }

    /// The core's error, next to `form_field` when there is one. The field's label is beside
    /// the message there: the reason alone says it.
    fn placed(session: &Session, error: &panier::Error, form_field: Option<String>) -> Self {
        match (form_field, error) {
            (Some(field), panier::Error::Invalid { fr, en, .. })
            | (Some(field), panier::Error::Refused { fr, en, .. }) => FormError {
                field: Some(field),
                message: session.message(&panier::Error::refused(fr.clone(), en.clone())),
            },
            _ => FormError::plain(session.message(error)),
        }
    }

    /// The core's error, next to its field (the core's key) when the form shows it.
    pub fn on_form(session: &Session, error: &panier::Error, form_fields: &[Field]) -> Self {
        let field = error.field().filter(|field| form_fields.contains(field));
        Self::placed(session, error, field.map(|f| f.name().to_string()))
    }
}

/// Runs a form's `action` on the open file, keeping the core's refusal with its field when
/// it is one of `form_fields`.
pub fn run_form<T>(
    session: &Session,
    form_fields: &[Field],
    action: impl FnOnce(&mut panier::Database) -> panier::Result<T>,
) -> Result<T, FormError> {
    session
        .with_database(|db| Ok(action(db)))
        .map_err(FormError::plain)?
        .map_err(|error| FormError::on_form(session, &error, form_fields))
}

/// Runs the `action` of a form of one value (a setting, named by its key): every refusal
/// belongs next to that value, whichever form field the core keyed it by.
pub fn run_one_value_form<T>(
    session: &Session,
    value_name: &str,
    action: impl FnOnce(&mut panier::Database) -> panier::Result<T>,
) -> Result<T, FormError> {
    let beside = |mut error: FormError| {
        error.field = Some(value_name.to_string());
        error
    };
    session
        .with_database(|db| Ok(action(db)))
        .map_err(|message| beside(FormError::plain(message)))?
        .map_err(|error| beside(FormError::placed(session, &error, Some(value_name.into()))))
}

/// Performs the core's operation `O` as the window's user: on the association's server when
/// the window joined one, else on the open file. The one way every command performs an
/// operation; a refusal comes back as a sentence.
pub fn perform<O: panier::ops::Operation>(
    session: &Session,
    request: O::Request,
) -> Result<O::Response, String> {
    if let Some(answer) = crate::remote::forward::<O>(session, &request) {
        return answer.map_err(|error| error.message);
    }
    session.with_database(|db| panier::ops::perform::<O>(db, Session::ROLE, request))
}

/// Performs a form's operation `O` (on the server when joined); a refusal keeps the field it
/// is about when it is one of `form_fields`.
pub fn perform_form<O: panier::ops::Operation>(
    session: &Session,
    form_fields: &[Field],
    request: O::Request,
) -> Result<O::Response, FormError> {
    if let Some(answer) = crate::remote::forward::<O>(session, &request) {
        return answer.map_err(|error| error.on_form(form_fields));
    }
    run_form(session, form_fields, |db| {
        panier::ops::perform::<O>(db, Session::ROLE, request)
    })
}

/// Performs the operation `O` of a form of one value (a setting, named by its key; on the
/// server when joined): every refusal belongs next to that value.
pub fn perform_one_value_form<O: panier::ops::Operation>(
    session: &Session,
    value_name: &str,
    request: O::Request,
) -> Result<O::Response, FormError> {
    if let Some(answer) = crate::remote::forward::<O>(session, &request) {
        return answer.map_err(|error| FormError {
            field: Some(value_name.to_string()),
            message: error.message,
        });
    }
    run_one_value_form(session, value_name, |db| {
        panier::ops::perform::<O>(db, Session::ROLE, request)
    })
}

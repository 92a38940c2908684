//! A form's refusal as the window shows it: next to the field it is about when the core named
//! one the form has, else above the form.

use crate::session::Session;
use serde::Serialize;
use ts_rs::TS;

/// A refused form: the sentence to show, and the form's own name for the field it belongs
/// next to (`amount`, `quota`…), when the core named one the form has.
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

    /// The core's error; `fields` maps the core's field names to the form's.
    pub fn of(session: &Session, error: &panier::Error, fields: &[(&str, &str)]) -> Self {
        if let panier::Error::Invalid { field, fr, en, .. } = error {
            if let Some((_, form_field)) = fields.iter().find(|(core, _)| core == field) {
                // The field's label is beside the message: the reason alone says it.
                return FormError {
                    field: Some(form_field.to_string()),
                    message: session.message(&panier::Error::refused(fr.clone(), en.clone())),
                };
            }
        }
        FormError::plain(session.message(error))
    }
}

/// Runs a form's `action` on the open file, keeping the core's refusal with its field.
pub fn run_form<T>(
    session: &Session,
    fields: &[(&str, &str)],
    action: impl FnOnce(&mut panier::Database) -> panier::Result<T>,
) -> Result<T, FormError> {
    session
        .with_database(|db| Ok(action(db)))
        .map_err(FormError::plain)?
        .map_err(|error| FormError::of(session, &error, fields))
}

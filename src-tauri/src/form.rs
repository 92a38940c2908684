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

    /// The core's error; `field_of` turns the core's field name ("montant", "email"…) into
    /// the form's, or `None` for a field the form does not show.
    pub fn of(
        session: &Session,
        error: &panier::Error,
        field_of: impl Fn(&str) -> Option<&'static str>,
    ) -> Self {
        if let panier::Error::Invalid { field, fr, en, .. } = error {
            if let Some(form_field) = field_of(field) {
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
    field_of: impl Fn(&str) -> Option<&'static str>,
    action: impl FnOnce(&mut panier::Database) -> panier::Result<T>,
) -> Result<T, FormError> {
    session
        .with_database(|db| Ok(action(db)))
        .map_err(FormError::plain)?
        .map_err(|error| FormError::of(session, &error, field_of))
}

/// `field_of` for a fixed table of (core's name, form's name).
pub fn fields(
    table: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Option<&'static str> {
    move |core_field| {
        table
            .iter()
            .find(|(core, _)| *core == core_field)
            .map(|(_, form)| *form)
    }
}

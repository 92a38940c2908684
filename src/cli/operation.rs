//! Calling the core's operations (`panier::ops`) from the command line: the CLI acts as the
//! file's owner (whoever can open the file may do everything in it), and an error about a
//! form's field is named by the flag that gave it (`--amount : montant « 12,5O » illisible`).

use panier::kernel::field::Field;
use panier::ops::{Operation, Role};
use panier::Database;

/// The role of whoever runs the CLI on a file they can open.
const CLI_ROLE: Role = Role::Owner;

/// Performs `O`; an invalid value of a field listed in `flags` (the field, the command's flag
/// giving it) is reported with the flag.
pub fn perform<O: Operation>(
    db: &mut Database,
    request: O::Request,
    flags: &[(Field, &'static str)],
) -> panier::Result<O::Response> {
    panier::ops::perform::<O>(db, CLI_ROLE, request).map_err(|error| {
        error.with_field_label(|field| {
            flags
                .iter()
                .find(|(listed, _)| *listed == field)
                .map(|(_, flag)| *flag)
        })
    })
}

//! The kernel: what every layer shares and that imports nothing of Panier.

pub mod dates;
pub mod error;
pub mod field;
pub mod html;
pub mod ids;
pub mod lang;
pub mod money;
pub mod pdf;
pub mod search;
pub mod size;

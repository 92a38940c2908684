//! The kernel: what every layer shares and that imports nothing of Panier.

pub mod base64_text;
pub mod csv_sheet;
pub mod dates;
pub mod error;
pub mod field;
pub mod files;
pub mod http;
pub mod ids;
pub mod lang;
pub mod money;
pub mod pdf;
pub mod search;
pub mod size;
pub mod text;

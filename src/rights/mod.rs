//! Members' rights over their data: requests, export, erasure.

pub mod erasure;
pub mod export;
pub mod requests;
mod scrub;

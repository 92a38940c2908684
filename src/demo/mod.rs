//! For developers: a generated association and the benchmark over it.

pub mod bench;
mod names;
pub mod seed;

//! For developers: a generated association and the benchmark over it.

pub mod bench;
pub mod seed;

//! The people an association knows: members, persons and organisations.

pub mod members;

//! Panier core.

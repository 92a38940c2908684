//! End-to-end: The reports, the books, exports and imports.

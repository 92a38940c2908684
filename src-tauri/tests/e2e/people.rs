//! End-to-end: The dashboard, members, a member's page and the data requests register.

//! Electronic digital signatures.

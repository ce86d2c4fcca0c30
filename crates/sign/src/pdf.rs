//! PDF signatures: placeholder

//! ACLED-style event coding (work in progress).

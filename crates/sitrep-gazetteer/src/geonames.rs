//! GeoNames dump reader (see `build_from_dumps`).

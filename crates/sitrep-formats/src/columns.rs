//! Arrow column builders for the types sitrep's tables use: shared by the Arrow event table
//! and the Parquet export.

use std::sync::Arc;

use arrow_array::builder::{
    Float32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::ArrayRef;
use arrow_schema::DataType;

/// The builder of one column.
pub(crate) enum Builder {
    Text(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float32(Float32Builder),
    Float64(Float64Builder),
    /// A list of strings.
    TextList(ListBuilder<StringBuilder>),
}

impl Builder {
    /// A builder for a column of type `t`, one of the types above.
    pub(crate) fn new(t: &DataType) -> Builder {
        match t {
            DataType::Utf8 => Builder::Text(StringBuilder::new()),
            DataType::Int32 => Builder::Int32(Int32Builder::new()),
            DataType::Int64 => Builder::Int64(Int64Builder::new()),
            DataType::Float32 => Builder::Float32(Float32Builder::new()),
            DataType::Float64 => Builder::Float64(Float64Builder::new()),
            DataType::List(_) => Builder::TextList(ListBuilder::new(StringBuilder::new())),
            other => unreachable!("no table of sitrep has a column of type {other}"),
        }
    }

    /// The column so far; the builder starts again empty.
    pub(crate) fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Float32(b) => Arc::new(b.finish()),
            Builder::Float64(b) => Arc::new(b.finish()),
            Builder::TextList(b) => Arc::new(b.finish()),
        }
    }
}

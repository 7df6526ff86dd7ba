//! `facts.parquet` and `documents.parquet`: the `facts` and `documents` tables of
//! [`super::tables`], written with the `parquet` crate's column writer (no Arrow). Rows are
//! buffered per column and written as a row group every [`ROW_GROUP`] rows, so memory stays
//! flat, and row groups fall at the same rows whatever `--jobs`: the same entries give the same
//! bytes. Amounts are UTF-8 strings holding the exact decimal as printed (`"1096.44"`), like
//! `facts.jsonl`; whole numbers are INT64; text is UTF-8 (`STRING`); pages are Snappy-compressed.

use super::tables::{self, Cell, Table, Type};
use super::{Entry, Sink};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per row group.
const ROW_GROUP: usize = 64 * 1024;

/// Both Parquet files.
pub fn sinks(out: &Path) -> std::io::Result<Vec<Box<dyn Sink>>> {
    Ok(vec![
        Box::new(ParquetFile::create(out, "facts.parquet", tables::facts())?),
        Box::new(ParquetFile::create(
            out,
            "documents.parquet",
            tables::documents(),
        )?),
    ])
}

fn io(e: parquet::errors::ParquetError) -> std::io::Error {
    std::io::Error::other(format!("parquet: {e}"))
}

/// One column's values of the row group being gathered.
struct Column {
    ty: Type,
    nullable: bool,
    texts: Vec<ByteArray>,
    integers: Vec<i64>,
    /// Definition levels (1 present, 0 null), for a nullable column.
    defined: Vec<i16>,
}

pub struct ParquetFile {
    table: Table,
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Column>,
    rows: usize,
    tmp: PathBuf,
    path: PathBuf,
}

impl ParquetFile {
    fn create(out: &Path, name: &str, table: Table) -> std::io::Result<ParquetFile> {
        let mut fields = Vec::new();
        let mut columns = Vec::new();
        for &(column, ty) in &table.columns {
            let nullable = !table.required.contains(&column);
            let (physical, logical) = match ty {
                Type::Integer => (Physical::INT64, None),
                Type::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            };
            let field = parquet::schema::types::Type::primitive_type_builder(column, physical)
                .with_repetition(if nullable {
                    Repetition::OPTIONAL
                } else {
                    Repetition::REQUIRED
                })
                .with_logical_type(logical)
                .build()
                .map_err(io)?;
            fields.push(Arc::new(field));
            columns.push(Column {
                ty,
                nullable,
                texts: Vec::new(),
                integers: Vec::new(),
                defined: Vec::new(),
            });
        }
        let schema = parquet::schema::types::Type::group_type_builder(table.name)
            .with_fields(fields)
            .build()
            .map_err(io)?;
        let properties = WriterProperties::builder()
            .set_created_by("juesuan".into())
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "juesuan.amounts".into(),
                "exact decimals as printed, as UTF-8 strings".to_string(),
            )]))
            .build();
        let tmp = super::temp_path(out, name);
        let file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        let writer =
            SerializedFileWriter::new(file, Arc::new(schema), Arc::new(properties)).map_err(io)?;
        Ok(ParquetFile {
            table,
            writer,
            columns,
            rows: 0,
            tmp,
            path: out.join(name),
        })
    }

    fn push(&mut self, row: Vec<Cell>) -> std::io::Result<()> {
        for ((cell, column), (name, _)) in row
            .into_iter()
            .zip(&mut self.columns)
            .zip(&self.table.columns)
        {
            let present = match (cell, column.ty) {
                (Cell::Null, _) => false,
                (Cell::Integer(n), Type::Integer) => {
                    column.integers.push(n);
                    true
                }
                (Cell::Text(s), Type::Text) => {
                    column.texts.push(ByteArray::from(s.into_bytes()));
                    true
                }
                (Cell::Integer(n), Type::Text) => {
                    column
                        .texts
                        .push(ByteArray::from(n.to_string().into_bytes()));
                    true
                }
                (Cell::Text(s), Type::Integer) => {
                    return Err(std::io::Error::other(format!(
                        "{}: {name} is not a whole number: {s}",
                        self.table.name
                    )));
                }
            };
            if column.nullable {
                column.defined.push(present.into());
            } else if !present {
                return Err(std::io::Error::other(format!(
                    "{}: {name} is missing",
                    self.table.name
                )));
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Write the gathered rows as one row group.
    fn flush(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(io)?;
        for column in &mut self.columns {
            let mut writer = group
                .next_column()
                .map_err(io)?
                .ok_or_else(|| std::io::Error::other("parquet: fewer columns than the schema"))?;
            let defined = column.nullable.then_some(&column.defined[..]);
            match writer.untyped() {
                ColumnWriter::ByteArrayColumnWriter(w) => {
                    w.write_batch(&column.texts, defined, None).map_err(io)?;
                }
                ColumnWriter::Int64ColumnWriter(w) => {
                    w.write_batch(&column.integers, defined, None).map_err(io)?;
                }
                _ => return Err(std::io::Error::other("parquet: unexpected column type")),
            }
            writer.close().map_err(io)?;
            column.texts.clear();
            column.integers.clear();
            column.defined.clear();
        }
        group.close().map_err(io)?;
        self.rows = 0;
        Ok(())
    }
}

impl Sink for ParquetFile {
    fn write(&mut self, entry: &Entry) -> std::io::Result<()> {
        for row in (self.table.rows)(entry)? {
            self.push(row)?;
            if self.rows >= ROW_GROUP {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.flush()?;
        let ParquetFile {
            writer, tmp, path, ..
        } = *self;
        let file = writer.into_inner().map_err(io)?;
        drop(file.into_inner().map_err(|e| e.into_error())?);
        super::put_in_place(&tmp, &path)
    }
}

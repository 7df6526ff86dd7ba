//! `juesuan.sqlite`: every table of [`super::tables::all`] in one SQLite file, written as the
//! batch goes in one transaction (SQLite keeps only its page cache in memory), indexed at the
//! end. The same entries in the same order give the same bytes, whatever `--jobs`.

use super::tables::{self, Cell, Table, Type};
use super::{Entry, Sink};
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, Value};
use std::path::{Path, PathBuf};

pub struct Sqlite {
    connection: Connection,
    tables: Vec<(Table, String)>,
    tmp: PathBuf,
    path: PathBuf,
}

fn io(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(format!("juesuan.sqlite: {e}"))
}

/// An identifier, quoted (`table`, `row` and `column` are SQL words).
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

impl Sqlite {
    pub fn create(out: &Path) -> std::io::Result<Sqlite> {
        let tmp = super::temp_path(out, "juesuan.sqlite");
        let connection = Connection::open(&tmp).map_err(io)?;
        // a temporary file renamed into place at the end: no journal, no syncs on the way
        connection
            .execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
                 PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; \
                 PRAGMA user_version = 1; BEGIN;",
            )
            .map_err(io)?;
        let mut made = Vec::new();
        for table in tables::all() {
            let columns: Vec<String> = table
                .columns
                .iter()
                .map(|(name, ty)| {
                    let ty = match ty {
                        Type::Integer => "INTEGER",
                        Type::Text => "TEXT",
                    };
                    let null = if table.required.contains(name) {
                        " NOT NULL"
                    } else {
                        ""
                    };
                    format!("{} {ty}{null}", quoted(name))
                })
                .collect();
            connection
                .execute_batch(&format!(
                    "CREATE TABLE {} ({});",
                    table.name,
                    columns.join(", ")
                ))
                .map_err(io)?;
            let insert = format!(
                "INSERT INTO {} VALUES ({})",
                table.name,
                vec!["?"; table.columns.len()].join(", ")
            );
            made.push((table, insert));
        }
        Ok(Sqlite {
            connection,
            tables: made,
            tmp,
            path: out.join("juesuan.sqlite"),
        })
    }
}

fn value(cell: Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Integer(n) => Value::Integer(n),
        Cell::Text(s) => Value::Text(s),
    }
}

impl Sink for Sqlite {
    fn write(&mut self, entry: &Entry) -> std::io::Result<()> {
        for (table, insert) in &self.tables {
            let rows = (table.rows)(entry)?;
            if rows.is_empty() {
                continue;
            }
            let mut statement = self.connection.prepare_cached(insert).map_err(io)?;
            for row in rows {
                let values: Vec<ToSqlOutput> = row
                    .into_iter()
                    .map(|c| ToSqlOutput::Owned(value(c)))
                    .collect();
                statement
                    .execute(rusqlite::params_from_iter(values))
                    .map_err(io)?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let Sqlite {
            connection,
            tables,
            tmp,
            path,
        } = *self;
        let mut sql = String::new();
        for (table, _) in &tables {
            for columns in table.indexes {
                let quoted: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
                sql.push_str(&format!(
                    "CREATE INDEX {}_{} ON {} ({});\n",
                    table.name,
                    columns.join("_"),
                    table.name,
                    quoted.join(", ")
                ));
            }
        }
        sql.push_str("COMMIT;");
        connection.execute_batch(&sql).map_err(io)?;
        connection.close().map_err(|(_, e)| io(e))?;
        super::put_in_place(&tmp, &path)
    }
}

//! Small conveniences over a Durable Object's synchronous SQLite API: run a statement, read
//! rows into structs, read one value. SQL errors become internal errors (logged, not shown).

use crate::error::{ApiError, ApiResult};
use serde::de::DeserializeOwned;
use worker::{SqlStorage, SqlStorageValue};

/// Runs each statement of a schema, logging (not failing on) errors: an object must start
/// even if one statement fails, and the log says which.
pub fn create(sql: &SqlStorage, schema: &[&str], object: &str) {
    for statement in schema {
        if let Err(e) = sql.exec(statement, None) {
            worker::console_error!("{object} schema: {e}");
        }
    }
}

/// Runs a statement.
pub fn exec(sql: &SqlStorage, query: &str, binds: Vec<SqlStorageValue>) -> ApiResult<()> {
    sql.exec(query, binds)
        .map(|_| ())
        .map_err(|e| sql_error(query, e))
}

/// Reads all rows of a query.
pub fn rows<T: DeserializeOwned>(
    sql: &SqlStorage,
    query: &str,
    binds: Vec<SqlStorageValue>,
) -> ApiResult<Vec<T>> {
    sql.exec(query, binds)
        .and_then(|c| c.to_array::<T>())
        .map_err(|e| sql_error(query, e))
}

/// Reads the first row of a query, if any.
pub fn first<T: DeserializeOwned>(
    sql: &SqlStorage,
    query: &str,
    binds: Vec<SqlStorageValue>,
) -> ApiResult<Option<T>> {
    Ok(rows(sql, query, binds)?.into_iter().next())
}

/// Reads a single integer (a `count(*)`, say), 0 when there is no row.
pub fn count(sql: &SqlStorage, query: &str, binds: Vec<SqlStorageValue>) -> ApiResult<i64> {
    #[derive(serde::Deserialize)]
    struct N {
        n: Option<f64>,
    }
    Ok(first::<N>(sql, query, binds)?
        .and_then(|r| r.n)
        .unwrap_or(0.0) as i64)
}

/// A value of the object's `meta (key, value)` table.
pub fn meta(sql: &SqlStorage, key: &str) -> ApiResult<Option<String>> {
    #[derive(serde::Deserialize)]
    struct Row {
        value: String,
    }
    Ok(first::<Row>(
        sql,
        "SELECT value FROM meta WHERE key = ?",
        vec![key.into()],
    )?
    .map(|r| r.value))
}

fn sql_error(query: &str, e: worker::Error) -> ApiError {
    ApiError::internal(format!("sql `{query}`: {e}"))
}

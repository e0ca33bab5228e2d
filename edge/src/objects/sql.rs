//! Small conveniences over a Durable Object's synchronous SQLite API: run a statement, read
//! rows into structs, read one value. SQL errors become internal errors (logged, not shown).

use crate::web::error::{ApiError, ApiResult};
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

/// Adds `column` (its SQL definition `definition`) to `table` unless the table has it: a table
/// made by an older version takes a column a newer one counts on.
pub fn add_column(sql: &SqlStorage, table: &str, column: &str, definition: &str) {
    #[derive(serde::Deserialize)]
    struct Column {
        name: String,
    }
    let has: Vec<Column> =
        rows(sql, &format!("PRAGMA table_info({table})"), vec![]).unwrap_or_default();
    if has.iter().any(|c| c.name == column) {
        return;
    }
    if let Err(e) = sql.exec(
        &format!("ALTER TABLE {table} ADD COLUMN {column} {definition}"),
        None,
    ) {
        worker::console_error!("{table}.{column}: {e}");
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

/// Sets a value of the object's `meta (key, value)` table.
pub fn set_meta(sql: &SqlStorage, key: &str, value: &str) -> ApiResult<()> {
    exec(
        sql,
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        vec![key.into(), value.into()],
    )
}

fn sql_error(query: &str, e: worker::Error) -> ApiError {
    ApiError::internal(format!("sql `{query}`: {e}"))
}

/// Runs `work` in one SQLite transaction (the storage's `transactionSync`): every write it makes
/// is committed together, or — when it fails — none is.
pub fn atomically<'a, T: 'static>(
    storage: &worker::Storage,
    work: impl FnOnce() -> ApiResult<T> + 'a,
) -> ApiResult<T> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::{Closure, JsValue};
    let raw: &JsValue = storage.as_raw().as_ref();
    let method = js_sys::Reflect::get(raw, &JsValue::from_str("transactionSync"))
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| ApiError::internal("storage.transactionSync is not available"))?;
    let outcome: std::rc::Rc<std::cell::RefCell<Option<ApiResult<T>>>> = Default::default();
    let slot = outcome.clone();
    let work: Box<dyn FnOnce() -> ApiResult<T> + 'a> = Box::new(work);
    // SAFETY: only the lifetime is erased. `transactionSync` calls the callback synchronously,
    // before `call1` returns, and the callback is dropped when this function returns; `work`
    // (the only borrowed part) is taken on that one call, so nothing can reach the borrows later.
    let work: Box<dyn FnOnce() -> ApiResult<T> + 'static> = unsafe { std::mem::transmute(work) };
    let mut work = Some(work);
    let callback = Closure::<dyn FnMut() -> Result<JsValue, JsValue>>::new(move || {
        let result = work.take().map_or_else(
            || Err(ApiError::internal("transaction ran twice")),
            |work| work(),
        );
        let failed = result.is_err();
        *slot.borrow_mut() = Some(result);
        // Throwing makes the runtime roll the transaction back.
        if failed {
            Err(JsValue::from_str("rolled back"))
        } else {
            Ok(JsValue::UNDEFINED)
        }
    });
    let called = method.call1(raw, callback.as_ref().unchecked_ref());
    let result = outcome.borrow_mut().take();
    match (result, called) {
        (Some(result), _) => result,
        (None, Err(e)) => Err(ApiError::internal(format!("transaction: {e:?}"))),
        (None, Ok(_)) => Err(ApiError::internal("transaction did not run")),
    }
}

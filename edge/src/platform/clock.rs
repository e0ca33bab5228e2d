//! Wall-clock time in the Workers runtime, and its ISO-8601 form for API answers.

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64
}

/// The UTC day of `ms`, `YYYY-MM-DD`.
pub fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `ms` as an ISO-8601 UTC timestamp with millisecond precision.
pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Sets a Durable Object's alarm for the absolute time `at_ms` (workers-rs reads a bare integer
/// as an offset from now, so the time is passed as a date).
pub async fn set_alarm_at(storage: &worker::Storage, at_ms: i64) -> worker::Result<()> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    storage.set_alarm(worker::ScheduledTime::new(date)).await
}

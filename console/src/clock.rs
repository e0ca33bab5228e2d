//! The page's clock and a timer future, over `Date.now` and `setTimeout`.

use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch, by the page's clock.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the epoch of an ISO 8601 time (`NaN` when it is not one).
pub fn parse_iso(iso: &str) -> f64 {
    js_sys::Date::parse(iso)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

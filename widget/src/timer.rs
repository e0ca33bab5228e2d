//! The page's clock and a timer future, over `Date.now` and `setTimeout` (no timer crate).

use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch, by the page's clock.
pub fn now() -> f64 {
    js_sys::Date::now()
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

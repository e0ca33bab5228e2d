//! Speech input through the browser's own recognition (`SpeechRecognition`, or the prefixed
//! `webkitSpeechRecognition`), reached through `js_sys` since web-sys keeps it behind an
//! unstable flag. Where the browser has none, the widget shows no microphone.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

fn constructor() -> Option<Function> {
    let window = web_sys::window()?;
    ["SpeechRecognition", "webkitSpeechRecognition"]
        .iter()
        .find_map(|name| Reflect::get(&window, &(*name).into()).ok()?.dyn_into().ok())
}

/// Whether this browser can recognize speech.
pub fn available() -> bool {
    constructor().is_some()
}

/// A recognition running until it ends (silence, `stop`, an error).
pub struct Listening {
    recognition: JsValue,
    _on_result: Closure<dyn Fn(JsValue)>,
    _on_end: Closure<dyn Fn(JsValue)>,
}

impl Listening {
    /// Stops listening (the last words still arrive).
    pub fn stop(&self) {
        if let Ok(stop) =
            Reflect::get(&self.recognition, &"stop".into()).and_then(|f| f.dyn_into::<Function>())
        {
            let _ = stop.call0(&self.recognition);
        }
    }
}

/// Starts listening in `lang`: `on_text` gets the whole transcript so far after each result,
/// `on_end` once recognition ends. `None` where the browser has no recognition.
pub fn listen(
    lang: &str,
    on_text: impl Fn(String) + 'static,
    on_end: impl Fn() + 'static,
) -> Option<Listening> {
    let recognition = Reflect::construct(&constructor()?, &Array::new()).ok()?;
    let set = |k: &str, v: JsValue| Reflect::set(&recognition, &k.into(), &v).ok();
    set("lang", lang.into());
    set("interimResults", true.into());
    set("continuous", false.into());
    let on_result = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        let results = Reflect::get(&event, &"results".into()).unwrap_or(JsValue::UNDEFINED);
        let length = Reflect::get(&results, &"length".into())
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(0.0) as u32;
        let text: String = (0..length)
            .filter_map(|i| {
                let result = Reflect::get(&results, &i.into()).ok()?;
                let best = Reflect::get(&result, &0.into()).ok()?;
                Reflect::get(&best, &"transcript".into()).ok()?.as_string()
            })
            .collect();
        on_text(text);
    });
    let on_end = Closure::<dyn Fn(JsValue)>::new(move |_| on_end());
    set("onresult", on_result.as_ref().clone());
    set("onend", on_end.as_ref().clone());
    let start: Function = Reflect::get(&recognition, &"start".into())
        .ok()?
        .dyn_into()
        .ok()?;
    start.call0(&recognition).ok()?;
    Some(Listening {
        recognition,
        _on_result: on_result,
        _on_end: on_end,
    })
}

//! Telling an operator that a visitor asks for a person while they look elsewhere: a browser
//! notification (once the operator allowed it) and a short tone (Web Audio, no sound file).

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission};

/// Whether the browser shows notifications from the console (asked once, by the operator).
pub fn permission() -> NotificationPermission {
    if notifications_supported() {
        Notification::permission()
    } else {
        NotificationPermission::Denied
    }
}

fn notifications_supported() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// Asks for permission to notify; `granted` is set to whether it was given.
pub fn ask(granted: RwSignal<bool>) {
    if !notifications_supported() {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(promise) = Notification::request_permission() {
            let _ = JsFuture::from(promise).await;
        }
        granted.set(Notification::permission() == NotificationPermission::Granted);
    });
}

/// Plays the tone and, when allowed, shows a notification.
pub fn alert(title: &str, body: &str) {
    chime();
    if permission() == NotificationPermission::Granted {
        let options = NotificationOptions::new();
        options.set_body(body);
        options.set_tag("porthole-waiting");
        let _ = Notification::new_with_options(title, &options);
    }
}

/// Two short notes.
fn chime() {
    let Ok(audio) = AudioContext::new() else {
        return;
    };
    let start = audio.current_time();
    for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (audio.create_oscillator(), audio.create_gain()) else {
            return;
        };
        let at = start + i as f64 * 0.16;
        osc.frequency().set_value(freq);
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.2, at + 0.02);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.0001, at + 0.15);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&audio.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.16);
    }
}

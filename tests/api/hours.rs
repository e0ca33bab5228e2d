//! Business hours: the owner sets a zone, a week and holidays (`PATCH /api/admin/bots/{token}`
//! `{"hours"}`); an unknown zone or a malformed day is refused; the widget's config carries the
//! next week's opening windows, which the Worker computes with the runtime's time zones (checked
//! here against Tokyo, which keeps no daylight saving, so every window must be 09:00 to 17:00 on a
//! weekday there).

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn hours_of(app: &TestApp) -> Value {
    let config: Value = app.config(&app.token).await.json().await.unwrap();
    config["hours"].clone()
}

fn windows(hours: &Value) -> Vec<(i64, i64)> {
    hours["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w[0].as_i64().unwrap(), w[1].as_i64().unwrap()))
        .collect()
}

async fn patch(app: &TestApp, hours: Value) -> reqwest::Response {
    let path = format!("/api/admin/bots/{}", app.token);
    app.admin(Method::PATCH, &path, Some(&json!({ "hours": hours })))
        .await
}

#[tokio::test]
async fn hours_are_checked_and_the_widget_gets_the_weeks_windows() {
    let app = spawn_app().await;
    assert_eq!(hours_of(&app).await, Value::Null, "off by default");

    let unknown = patch(
        &app,
        json!({"enabled": true, "time_zone": "Mars/Olympus_Mons"}),
    )
    .await;
    let body = assert_error(unknown, 400, "invalid_field").await;
    assert!(body.to_string().contains("Mars/Olympus_Mons"), "{body}");
    let late = patch(&app, json!({"week": {"mon": "late"}})).await;
    assert_eq!(late.status(), 400);
    let backwards = patch(&app, json!({"week": {"tue": "17:00-09:00"}})).await;
    assert_eq!(backwards.status(), 400);

    // Tokyo keeps UTC+9 all year: every window is 09:00-17:00 on a weekday there.
    let ok = patch(&app, json!({"enabled": true, "time_zone": "Asia/Tokyo"})).await;
    assert_eq!(ok.status(), 200);
    let saved = app.bot(&app.token).await;
    assert_eq!(saved["config"]["hours"]["week"]["mon"], "09:00-17:00");
    let now = now_ms();
    let hours = hours_of(&app).await;
    assert_eq!(hours["time_zone"], "Asia/Tokyo");
    let tokyo = windows(&hours);
    assert!((5..=6).contains(&tokyo.len()), "{tokyo:?}");
    for (start, end) in &tokyo {
        let local = start + 9 * HOUR;
        assert_eq!(
            local.rem_euclid(DAY),
            9 * HOUR,
            "opens at 09:00 in Tokyo: {tokyo:?}"
        );
        assert_eq!(end - start, 8 * HOUR);
        // 1970-01-01 was a Thursday: (days + 3) % 7 is the weekday, Monday 0.
        assert!((local.div_euclid(DAY) + 3).rem_euclid(7) < 5, "a weekday");
        assert!(*end > now && *start < now + 8 * DAY);
    }

    // Round the clock, but today (in Tokyo) is a holiday: open from tomorrow, joined into one.
    let today = civil((now + 9 * HOUR).div_euclid(DAY));
    let always = "00:00-24:00";
    let all = json!({"mon": always, "tue": always, "wed": always, "thu": always, "fri": always, "sat": always, "sun": always});
    let ok = patch(&app, json!({"week": all, "holidays": [today]})).await;
    assert_eq!(ok.status(), 200);
    let joined = windows(&hours_of(&app).await);
    assert_eq!(joined.len(), 1, "{joined:?}");
    let tomorrow = ((now + 9 * HOUR).div_euclid(DAY) + 1) * DAY - 9 * HOUR;
    assert_eq!(
        joined[0].0, tomorrow,
        "closed today, back at midnight in Tokyo"
    );

    let off = patch(&app, json!({"enabled": false})).await;
    assert_eq!(off.status(), 200);
    assert_eq!(hours_of(&app).await, Value::Null);
}

/// `YYYY-MM-DD` of a day since 1970-01-01.
fn civil(days: i64) -> String {
    let date = chrono::DateTime::from_timestamp(days * 86_400, 0).unwrap();
    date.format("%Y-%m-%d").to_string()
}

//! Time zones through the runtime's `Intl` (workerd carries the IANA database), so the Worker
//! needs no zone data of its own: whether a zone exists, and its UTC offset at an instant. The
//! business hours ([`porthole_shared::hours`]) are computed from these offsets. Runs only in the
//! Workers runtime (and `wrangler dev`); the arithmetic around it is tested natively in `shared`.

use js_sys::{Array, Date, Function, Object, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Beyond this many zones, the isolate's cache of them starts over.
const ZONES_KEPT: usize = 256;

thread_local! {
    /// Zones made in this isolate: building an `Intl.DateTimeFormat` costs far more than
    /// asking one the time, and the widget's config asks for the same few on every load.
    static ZONES: RefCell<HashMap<String, Rc<Zone>>> = RefCell::new(HashMap::new());
}

/// A zone's clock: formats instants as wall-clock parts in that zone.
pub struct Zone {
    format: Function,
    formatter: JsValue,
}

impl Zone {
    /// The zone named `name`, made once per isolate (an unknown one is asked again).
    pub fn shared(name: &str) -> Option<Rc<Self>> {
        if let Some(zone) = ZONES.with(|z| z.borrow().get(name).cloned()) {
            return Some(zone);
        }
        let zone = Rc::new(Self::new(name)?);
        ZONES.with(|z| {
            let mut zones = z.borrow_mut();
            if zones.len() >= ZONES_KEPT {
                zones.clear();
            }
            zones.insert(name.to_owned(), Rc::clone(&zone));
        });
        Some(zone)
    }

    /// The zone named `name`, if the runtime knows it.
    pub fn new(name: &str) -> Option<Self> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        let set = |k: &str, v: &str| Reflect::set(&options, &k.into(), &v.into()).ok();
        set("timeZone", name)?;
        set("hourCycle", "h23")?;
        for part in ["year", "month", "day", "hour", "minute", "second"] {
            set(part, "numeric")?;
        }
        // An unknown zone throws a RangeError: caught here, not a trap.
        let formatter =
            Reflect::construct(&constructor, &Array::of2(&"en-US".into(), &options)).ok()?;
        let format: Function = Reflect::get(&formatter, &"formatToParts".into())
            .ok()?
            .dyn_into()
            .ok()?;
        Some(Self { format, formatter })
    }

    /// The zone's offset from UTC at `at` (ms since the epoch; local = UTC + offset), to the
    /// second; 0 if the runtime cannot say.
    pub fn offset_ms(&self, at: i64) -> i64 {
        self.wall_clock(at)
            .map_or(0, |local| local - at.div_euclid(1000) * 1000)
    }

    /// The wall clock at `at`, read as if it were UTC (ms).
    fn wall_clock(&self, at: i64) -> Option<i64> {
        let date = Date::new(&JsValue::from_f64(at as f64));
        let parts: Array = self
            .format
            .call1(&self.formatter, &date)
            .ok()?
            .dyn_into()
            .ok()?;
        let mut v = [0f64; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            // Separators ("literal") are parts too: only the six numbers are read.
            let Some(i) = ["year", "month", "day", "hour", "minute", "second"]
                .iter()
                .position(|k| *k == kind)
            else {
                continue;
            };
            v[i] = Reflect::get(&part, &"value".into())
                .ok()?
                .as_string()?
                .parse()
                .ok()?;
        }
        let ms = Date::utc(v[0], v[1] - 1.0);
        // Date.UTC(year, month) is midnight of the 1st: add the rest.
        let rest = ((v[2] - 1.0) * 24.0 + v[3]) * 3_600_000.0 + v[4] * 60_000.0 + v[5] * 1000.0;
        Some((ms + rest) as i64)
    }
}

/// The bot's opening windows from `now`, for the widget; `None` while its hours are off. A zone
/// the runtime does not know (saved before it was checked) counts as UTC.
pub fn open_hours(
    hours: &porthole_shared::hours::BusinessHours,
    now: i64,
) -> Option<porthole_shared::hours::OpenHours> {
    if !hours.enabled {
        return None;
    }
    let zone = Zone::shared(hours.time_zone.as_str());
    let windows = hours.windows(now, |t| zone.as_ref().map_or(0, |z| z.offset_ms(t)));
    Some(porthole_shared::hours::OpenHours {
        time_zone: hours.time_zone.as_str().to_owned(),
        windows,
    })
}

/// 400 `invalid_field` when the hours name a zone the runtime does not know.
pub fn check(hours: &porthole_shared::hours::BusinessHours) -> crate::web::error::ApiResult<()> {
    match Zone::new(hours.time_zone.as_str()) {
        Some(_) => Ok(()),
        None => Err(crate::web::error::ApiError::new(
            porthole_shared::ErrorCode::InvalidField,
            format!(
                "hours.time_zone: {:?} is not a time zone this service knows (like Europe/Berlin)",
                hours.time_zone.as_str()
            ),
        )),
    }
}

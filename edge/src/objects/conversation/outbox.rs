//! The conversation's outbox. Every event the dashboard must see (a message, a change of mode,
//! a block…) is written into the outbox in the same synchronous step as the change it reports,
//! so both are committed together. Delivery to the hub follows — at once, and again from the
//! object's alarm after a failure — oldest first, numbered; the hub keeps the last number it
//! took from each conversation and ignores repeats. So no event is lost between a write and its
//! announcement, and none is announced twice.

use super::Inner;
use crate::objects::hub::{self, Announce, Announcement};
use crate::objects::rpc::{Counts, Outgoing};
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::events::Event;

/// Announcements sent per request to the hub.
const BATCH: i64 = 50;

impl Inner {
    /// Queues `event` for the hub (call it next to the write it reports, with no `await` between).
    pub(super) fn announce(&self, event: &Event) -> ApiResult<()> {
        self.announce_counted(event, Counts::default())
    }

    /// Queues `event` with what it adds to the bot's statistics.
    pub(super) fn announce_counted(&self, event: &Event, counts: Counts) -> ApiResult<()> {
        let body = serde_json::to_string(&Outgoing {
            event: event.clone(),
            counts,
        })
        .map_err(ApiError::internal)?;
        self.store.push_outbox(&body)?;
        self.changed();
        Ok(())
    }
}

/// Who delivered the outbox.
pub(super) enum Flushed {
    /// This call did (or found nothing to deliver).
    Here,
    /// A delivery was already running: it goes round once more for this call.
    ByTheRunningOne,
}

/// Delivers what the outbox holds. One delivery runs at a time; a call during one makes it go
/// round once more. An error leaves the rest for the alarm to retry.
pub(super) async fn flush(inner: &Inner) -> ApiResult<Flushed> {
    if inner.flushing.replace(true) {
        inner.flush_again.set(true);
        return Ok(Flushed::ByTheRunningOne);
    }
    let result = deliver(inner).await;
    inner.flushing.set(false);
    result.map(|()| Flushed::Here)
}

async fn deliver(inner: &Inner) -> ApiResult<()> {
    loop {
        inner.flush_again.set(false);
        let batch = inner.store.outbox(BATCH)?;
        let Some(&(last, _)) = batch.last() else {
            return Ok(());
        };
        let state = inner.store.state()?.unwrap_or_default();
        let Some((token, chat)) = state.whose() else {
            return Ok(());
        };
        let origin = format!("{token}/{chat}");
        let announcements: Vec<Announcement> = batch
            .into_iter()
            .filter_map(|(n, body)| {
                serde_json::from_str::<Outgoing>(&body)
                    .map(|o| Announcement {
                        origin: origin.clone(),
                        n,
                        event: o.event,
                        counts: o.counts,
                    })
                    .ok()
            })
            .collect();
        let count = announcements.len() as i64;
        hub::ask(&inner.env, Announce(announcements)).await?;
        inner.store.delete_outbox(last)?;
        if !inner.flush_again.get() && count < BATCH {
            return Ok(());
        }
    }
}

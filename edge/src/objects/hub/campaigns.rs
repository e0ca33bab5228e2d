//! Campaigns: one proactive message queued for many sessions. The hub stores the campaign and
//! its targets, then works through them from its alarm, a batch at a time (so a campaign of
//! thousands neither blocks the hub nor is lost if the object restarts), and announces
//! `campaign:progress` after each batch.

use super::Hub;
use super::protocol::CampaignCall;
use crate::objects::conversation::ProactiveCall;
use crate::objects::sql::{exec, first, rows};
use crate::platform::clock::now_ms;
use crate::platform::random;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::events::{CampaignProgress, Event};
use porthole_shared::inbox::{Assignee, CampaignStarted};
use porthole_shared::{ChatId, WidgetToken};
use serde::Deserialize;

/// Sessions reached per alarm.
const BATCH: i64 = 20;

#[derive(Deserialize)]
struct Row {
    id: String,
    bot: String,
    content: String,
    operator: String,
    total: f64,
    sent: f64,
    failed: f64,
    next: f64,
}

impl Hub {
    /// Stores a campaign and its targets; the alarm starts it.
    pub(super) fn start_campaign(&self, call: &CampaignCall) -> ApiResult<CampaignStarted> {
        let id = random::hex_id("cmp_")?;
        let operator = serde_json::to_string(&call.operator).map_err(ApiError::internal)?;
        let total = call.sessions.len();
        exec(
            &self.sql,
            "INSERT INTO campaigns (id, bot, content, operator, total, sent, failed, next) VALUES (?, ?, ?, ?, ?, 0, 0, 0)",
            vec![
                id.clone().into(),
                call.bot.as_str().into(),
                call.content.clone().into(),
                operator.into(),
                (total as i64).into(),
            ],
        )?;
        for (i, chat_id) in call.sessions.iter().enumerate() {
            exec(
                &self.sql,
                "INSERT INTO campaign_targets (campaign, i, chat_id) VALUES (?, ?, ?)",
                vec![
                    id.clone().into(),
                    (i as i64).into(),
                    chat_id.as_str().into(),
                ],
            )?;
        }
        self.progress(&id, call.bot.as_str(), total as u64, 0, 0)?;
        Ok(CampaignStarted {
            success: true,
            campaign_id: id,
            total,
        })
    }

    /// Queues the message for the next batch of the oldest unfinished campaign.
    pub(super) async fn advance_campaigns(&self) -> ApiResult<()> {
        let Some(c) = first::<Row>(
            &self.sql,
            "SELECT id, bot, content, operator, total, sent, failed, next FROM campaigns
             WHERE next < total ORDER BY rowid LIMIT 1",
            vec![],
        )?
        else {
            return Ok(());
        };
        #[derive(Deserialize)]
        struct Target {
            chat_id: String,
        }
        let next = c.next as i64;
        let targets: Vec<Target> = rows(
            &self.sql,
            "SELECT chat_id FROM campaign_targets WHERE campaign = ? AND i >= ? ORDER BY i LIMIT ?",
            vec![c.id.clone().into(), next.into(), BATCH.into()],
        )?;
        let operator: Assignee = serde_json::from_str(&c.operator).map_err(ApiError::internal)?;
        let (mut sent, mut failed) = (c.sent as u64, c.failed as u64);
        for target in &targets {
            match self
                .queue(&c.bot, &target.chat_id, &operator, &c.content)
                .await
            {
                Ok(()) => sent += 1,
                Err(e) => {
                    worker::console_error!(
                        "campaign {} to {}: {}",
                        c.id,
                        target.chat_id,
                        e.message
                    );
                    failed += 1;
                }
            }
        }
        let next = next + targets.len().max(1) as i64;
        exec(
            &self.sql,
            "UPDATE campaigns SET sent = ?, failed = ?, next = ? WHERE id = ?",
            vec![
                (sent as i64).into(),
                (failed as i64).into(),
                next.into(),
                c.id.clone().into(),
            ],
        )?;
        exec(
            &self.sql,
            "DELETE FROM campaign_targets WHERE campaign = ? AND i < ?",
            vec![c.id.clone().into(), next.into()],
        )?;
        self.progress(&c.id, &c.bot, c.total as u64, sent, failed)
    }

    async fn queue(
        &self,
        bot: &str,
        chat_id: &str,
        operator: &Assignee,
        content: &str,
    ) -> ApiResult<()> {
        let token = WidgetToken::parse(bot).map_err(|_| ApiError::not_found("bot"))?;
        let chat = ChatId::parse(chat_id).map_err(|_| ApiError::not_found("session"))?;
        let call = ProactiveCall {
            token: token.clone(),
            chat_id: chat.clone(),
            operator: operator.clone(),
            content: content.to_owned(),
        };
        crate::objects::conversation::ask(&self.env, &token, &chat, call).await?;
        Ok(())
    }

    /// Records and sends `campaign:progress`.
    fn progress(&self, id: &str, bot: &str, total: u64, sent: u64, failed: u64) -> ApiResult<()> {
        let event = Event::CampaignProgress(CampaignProgress {
            id: id.to_owned(),
            bot: bot.to_owned(),
            total,
            sent,
            failed,
            done: sent + failed >= total,
        });
        let recorded = self.record(vec![event])?;
        self.send(&recorded);
        Ok(())
    }

    /// Now, when a campaign has sessions left.
    pub(super) fn next_campaign_step(&self) -> Option<i64> {
        #[derive(Deserialize)]
        struct Left {
            n: f64,
        }
        first::<Left>(
            &self.sql,
            "SELECT count(*) AS n FROM campaigns WHERE next < total",
            vec![],
        )
        .ok()
        .flatten()
        .filter(|l| l.n > 0.0)
        .map(|_| now_ms())
    }
}

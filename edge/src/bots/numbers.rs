//! A conversation named by its number (seed 003's `done` shows `"conversation_id": 50`; see
//! `porthole_shared::ChatId::number`) or by its chat id: the dashboard and the API channel
//! accept both. The hub keeps which chat a number is (`objects::hub` `numbers`).

use crate::objects::hub;
use crate::web::error::ApiResult;
use porthole_shared::{ChatId, WidgetToken};
use worker::Env;

/// Whether `raw` is written as a conversation's number (1 to 16 decimal digits).
pub fn is_number(raw: &str) -> bool {
    (1..=16).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit())
}

/// The conversation `raw` names: a chat id as it is, or the number of one of `token`'s
/// conversations; `None` for anything else (or a number no conversation has).
pub async fn chat_of(env: &Env, token: &WidgetToken, raw: &str) -> ApiResult<Option<ChatId>> {
    if let Ok(chat) = ChatId::parse(raw) {
        return Ok(Some(chat));
    }
    let Some(n) = raw.parse::<i64>().ok().filter(|_| is_number(raw)) else {
        return Ok(None);
    };
    let find = hub::FindNumber {
        bot: token.clone(),
        n,
    };
    Ok(hub::ask(env, find).await?.chat_id)
}

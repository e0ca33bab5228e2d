//! Whether anyone can answer a bot's visitors: a bot is *staffed* when an owner operator exists
//! or an agent was given it. The widget offers "talk to a person" only then. The flag lives in
//! the bot's config (read from KV on every widget load, never computed there); operator changes
//! recompute it for every bot.

use crate::bots;
use crate::objects::directory::{self, StoredOperator};
use crate::web::error::ApiResult;
use porthole_shared::WidgetToken;
use porthole_shared::operators::OperatorRole;
use worker::Env;

/// The operators, from the directory.
pub async fn operators(env: &Env) -> ApiResult<Vec<StoredOperator>> {
    directory::ask(env, directory::Operators).await
}

/// Whether `token` is staffed among `operators`.
pub fn staffed(operators: &[StoredOperator], token: &str) -> bool {
    operators
        .iter()
        .any(|o| o.role == OperatorRole::Owner || o.bots.iter().any(|b| b == token))
}

/// Recomputes the flag of every bot after operators changed.
pub async fn refresh(env: &Env) -> ApiResult<()> {
    let operators = operators(env).await?;
    for (token, _) in bots::list(env).await? {
        let Ok(token) = WidgetToken::parse(&token) else {
            continue;
        };
        if let Some(mut config) = bots::read_fresh(env, &token).await? {
            let now = staffed(&operators, token.as_str());
            if config.staffed != now {
                config.staffed = now;
                bots::save(env, &token, &config).await?;
            }
        }
    }
    Ok(())
}

/// The flag for a bot being created or replaced at `token`.
pub async fn for_bot(env: &Env, token: &WidgetToken) -> ApiResult<bool> {
    Ok(staffed(&operators(env).await?, token.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator(role: OperatorRole, bots: &[&str]) -> StoredOperator {
        StoredOperator {
            id: "op_1".into(),
            email: "a@b.test".into(),
            name: "A".into(),
            avatar: String::new(),
            role,
            bots: bots.iter().map(|b| b.to_string()).collect(),
            password: String::new(),
            created_at: 0,
            away: false,
            alerts: Default::default(),
        }
    }

    #[test]
    fn a_bot_is_staffed_by_its_agents_or_by_any_owner() {
        assert!(!staffed(&[], "a"));
        assert!(!staffed(&[operator(OperatorRole::Agent, &["b"])], "a"));
        assert!(staffed(&[operator(OperatorRole::Agent, &["a"])], "a"));
        assert!(staffed(&[operator(OperatorRole::Owner, &[])], "a"));
    }
}

//! Admin: the conversations an operator may see, filtered as the inbox filters them (words,
//! bot, mode, waiting, resolved, assignee, rating, contact, dates), as a file: CSV for a
//! spreadsheet, JSON Lines (one conversation summary per line) for a program. Up to 10,000
//! conversations a file, newest activity first; `X-Next-Cursor` continues.

use super::conversations::{fetch_page, filter, visible_bots};
use crate::platform::clock::iso;
use crate::routes::Ctx;
use crate::web::error::{ApiError, ApiResult};
use porthole_shared::inbox::ConversationSummary;
use worker::{Request, Response};

/// The largest file (conversations).
const FILE_MAX: u32 = 10_000;

/// The CSV's columns, in order.
const COLUMNS: [&str; 20] = [
    "id",
    "number",
    "bot",
    "channel",
    "started_at",
    "updated_at",
    "mode",
    "waiting",
    "resolved",
    "blocked",
    "rating",
    "assignee",
    "name",
    "email",
    "phone",
    "verified_user",
    "messages",
    "visitor_messages",
    "unread",
    "last_message",
];

/// `GET /api/admin/conversations/export?format=csv|jsonl&q=&bot=&…` (the list's filters;
/// `limit` up to 10,000) → the file, with `Content-Disposition: attachment` and, when more
/// conversations match, `X-Next-Cursor` (pass it as `cursor` for the next file).
/// Errors: 400 (a bad `format` or filter), 401, 403 (a `bot` the caller may not see).
pub async fn export(req: Request, ctx: Ctx) -> ApiResult {
    let format = crate::routes::query(&req, "format")?.unwrap_or_else(|| "csv".into());
    let bots = visible_bots(&req, &ctx).await?;
    let mut wanted = filter(&req, FILE_MAX)?;
    wanted.limit = Some(wanted.limit.unwrap_or(FILE_MAX));
    let (kind, extension) = match format.as_str() {
        "csv" => ("text/csv; charset=utf-8", "csv"),
        "jsonl" => ("application/x-ndjson; charset=utf-8", "jsonl"),
        _ => return Err(ApiError::invalid("format must be csv or jsonl")),
    };
    let page = fetch_page(&ctx, bots, wanted, true).await?;
    let mut out = String::new();
    if extension == "csv" {
        out.push_str(&COLUMNS.join(","));
        out.push_str("\r\n");
        for c in &page.conversations {
            out.push_str(&csv_row(c));
        }
    } else {
        for c in &page.conversations {
            out.push_str(&serde_json::to_string(c).map_err(ApiError::internal)?);
            out.push('\n');
        }
    }
    let response = Response::ok(out)?;
    let headers = response.headers();
    headers.set("Content-Type", kind)?;
    headers.set(
        "Content-Disposition",
        &format!("attachment; filename=\"conversations.{extension}\""),
    )?;
    headers.set("Cache-Control", "no-store")?;
    if let Some(next) = &page.next_cursor {
        headers.set("X-Next-Cursor", next)?;
        headers.set("Access-Control-Expose-Headers", "X-Next-Cursor")?;
    }
    Ok(response)
}

/// One conversation as a CSV line (RFC 4180).
fn csv_row(c: &ConversationSummary) -> String {
    let contact = c.contact_data.clone().unwrap_or_default();
    let fields = [
        c.id.clone(),
        c.number.to_string(),
        c.bot.clone(),
        match c.channel {
            porthole_shared::inbox::Channel::Api => "api".into(),
            porthole_shared::inbox::Channel::Chat => "chat".into(),
        },
        iso(c.started_at),
        iso(c.updated_at),
        c.mode.as_str().to_owned(),
        c.waiting.to_string(),
        c.resolved.to_string(),
        c.blocked.to_string(),
        c.rating.map(|r| r.to_string()).unwrap_or_default(),
        c.assignee
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        contact.name.unwrap_or_default(),
        contact.email.unwrap_or_default(),
        contact.phone.unwrap_or_default(),
        c.verified_user.clone().unwrap_or_default(),
        c.messages.to_string(),
        c.visitor_messages.to_string(),
        c.unread.to_string(),
        c.last_message.clone(),
    ];
    let mut line = fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// A CSV cell: quoted when it holds a comma, quote or line break; a text a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@` first) starts with `'` (OWASP's CSV injection advice).
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1 416"), "'+1 416");
    }
}

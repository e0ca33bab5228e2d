//! Seed 003's endpoints for what visitors leave behind: `email` and `contact` (lead capture),
//! `rate` and `rate/comment`, `feedback` (a vote on one reply), `upload-image` (an image, kept in
//! R2 under an unguessable name and served back by `images`). Each lands in the conversation's
//! object, which stores it, shows it to operators and counts it in the statistics.

use super::{Ctx, path_token};
use crate::objects::conversation::{
    self, ContactCall, ConversationCall, FeedbackCall, ImageCall, RateCall, VisitorRef,
};
use crate::objects::rpc::Ask;
use crate::platform::bindings::UPLOADS;
use crate::visitors::images::{self, ImageType};
use crate::web::error::{ApiError, ApiResult};
use crate::web::gate;
use crate::web::ratelimit::Limit;
use crate::web::respond::{body_bytes, body_bytes_within, json};
use crate::{platform::random, visitors::blocks};
use porthole_shared::api::{Ack, SavedResponse, UploadResponse};
use porthole_shared::inbox::ContactData;
use porthole_shared::request::{SessionRef, visitor_id};
use porthole_shared::visitor::{CommentRequest, ContactRequest, FeedbackRequest, RateRequest};
use porthole_shared::{ChatId, ErrorCode, WidgetToken};
use worker::{Headers, HttpMetadata, Method, Request, RequestInit, Response};

/// Checks the bot and the visitor, then hands `body` to the conversation's object at `path`.
async fn deliver<A: Ask<Call = ConversationCall>>(
    req: &Request,
    ctx: &Ctx,
    session: &SessionRef,
    call: A,
) -> ApiResult<()> {
    gate::admit(req, &ctx.env, &session.token, Limit::Write).await?;
    blocks::refuse_blocked(&ctx.env, &session.token, session.visitor_id.as_ref()).await?;
    conversation::ask(&ctx.env, &session.token, &session.chat_id, call).await?;
    Ok(())
}

fn saved(message: &str) -> ApiResult {
    json(&SavedResponse {
        success: true,
        message: message.to_owned(),
    })
}

/// `POST /api/v1/chat/email {"site_key","session_id","email"}` → `{"success":true,"message":
/// "Email saved"}`. Errors: 400 `invalid_email` (and the session's codes), 403 `blocked`, 404.
pub async fn email(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = ContactRequest::email_from_json(&body_bytes(&mut req).await?)?;
    leave_contact(&req, &ctx, ask).await?;
    saved("Email saved")
}

/// `POST /api/v1/chat/contact {"site_key","session_id","email"?,"phone"?,"name"?}` →
/// `{"success":true,"message":"Contact saved"}` (an email or a phone is needed). Errors: 400
/// (`invalid_email`, `invalid_phone` — E.164 once spaces and dashes are out —, `invalid_name`,
/// `invalid_field`), 403 `blocked`, 404.
pub async fn contact(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = ContactRequest::contact_from_json(&body_bytes(&mut req).await?)?;
    leave_contact(&req, &ctx, ask).await?;
    saved("Contact saved")
}

/// `POST /api/v1/chat/transcript {"site_key","session_id","email"}` → `{"success":true,
/// "message":"Transcript sent"}`: the visitor asked for the conversation by email. The address
/// is kept as their contact (so a person's later reply reaches them too), and the transcript
/// goes to it with a reply address (answering it writes in the conversation) and a one-click
/// unsubscribe; once per conversation in ten minutes. Errors: 400 `invalid_email` (and the
/// session's codes), 403 `forbidden` (this bot sends no email: the deployment cannot, or the
/// owner turned `email_replies` off), 403 `blocked`, 404, 429.
pub async fn transcript(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = ContactRequest::email_from_json(&body_bytes(&mut req).await?)?;
    let config = crate::bots::require(&ctx.env, &ask.session.token).await?;
    let mailer = crate::people::mail::Mailer::of(&ctx.env).filter(|_| config.email_replies);
    let Some(mailer) = mailer else {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this bot does not send email",
        ));
    };
    let Some(to) = ask.email.as_ref().map(|e| e.as_str().to_owned()) else {
        return Err(ApiError::new(ErrorCode::InvalidEmail, "an email is needed"));
    };
    let session = ask.session.clone();
    leave_contact(&req, &ctx, ask).await?;
    let kv = ctx.env.kv(crate::platform::bindings::CONFIG_KV)?;
    let once = format!("mailtranscript:{}:{}", session.token, session.chat_id);
    if kv.get(&once).text().await?.is_some() {
        let mut err = ApiError::new(
            ErrorCode::RateLimited,
            "the transcript was sent a moment ago: please wait before asking again",
        );
        err.retry_after = Some(600);
        return Err(err);
    }
    let (token, chat) = (&session.token, &session.chat_id);
    let history = conversation::ask(&ctx.env, token, chat, conversation::History).await?;
    let bot_name = config.bot_name.as_str();
    let text = crate::visitors::transcript::plain(&history.messages, bot_name);
    let base = req.url()?.origin().ascii_serialization();
    let target = crate::people::mail::ReplyTarget {
        token: token.clone(),
        chat: chat.clone(),
        to: to.clone(),
    };
    let letter = crate::people::mail::Letter {
        base: &base,
        to: &to,
        subject: &format!("{bot_name}: your conversation"),
        text: &format!("{text}\n\nReply to this email to write in the same conversation."),
        footer: &format!("No more emails from {bot_name}"),
    };
    kv.put(&once, "1")?.expiration_ttl(600).execute().await?;
    mailer.send(&ctx.env, &letter, Some(&target)).await?;
    saved("Transcript sent")
}

async fn leave_contact(req: &Request, ctx: &Ctx, ask: ContactRequest) -> ApiResult<()> {
    let call = ContactCall {
        who: VisitorRef::of(&ask.session),
        contact: ContactData {
            email: ask.email.map(|e| e.as_str().to_owned()),
            phone: ask.phone.map(|p| p.as_str().to_owned()),
            name: ask.name,
        },
    };
    deliver(req, ctx, &ask.session, call).await
}

/// `POST /api/v1/chat/rate {"site_key","session_id","score"}` → `{"success":true}`; a new
/// rating replaces the old one. Errors: 400 `invalid_score` (not a whole number from 1 to 5),
/// 403 `blocked`, 404.
pub async fn rate(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = RateRequest::from_json(&body_bytes(&mut req).await?)?;
    let call = RateCall {
        who: VisitorRef::of(&ask.session),
        score: Some(ask.score),
        comment: None,
    };
    deliver(&req, &ctx, &ask.session, call).await?;
    json(&Ack::OK)
}

/// `POST /api/v1/chat/rate/comment {"site_key","session_id","comment"}` → `{"success":true}`.
/// Errors: 400 `invalid_comment` (empty or over 1000 characters), 403 `blocked`, 404.
pub async fn rate_comment(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = CommentRequest::from_json(&body_bytes(&mut req).await?)?;
    let call = RateCall {
        who: VisitorRef::of(&ask.session),
        score: None,
        comment: Some(ask.comment),
    };
    deliver(&req, &ctx, &ask.session, call).await?;
    json(&Ack::OK)
}

/// `POST /api/v1/chat/feedback {"site_key","session_id","message_id","vote":"up"|"down"|null}`
/// → `{"success":true}`: the visitor's vote on one reply; a new vote replaces the old one,
/// `null` takes it back. Errors: 400 (`invalid_message_id`, `invalid_field`), 403 `blocked`,
/// 404 (no such reply).
pub async fn feedback(mut req: Request, ctx: Ctx) -> ApiResult {
    let ask = FeedbackRequest::from_json(&body_bytes(&mut req).await?)?;
    let call = FeedbackCall {
        who: VisitorRef::of(&ask.session),
        message_id: ask.message_id,
        vote: ask.vote,
    };
    deliver(&req, &ctx, &ask.session, call).await?;
    json(&Ack::OK)
}

/// `POST /api/v1/chat/upload-image` (multipart: `image`, and `site_key`, `session_id`,
/// `visitor_id`? as fields or in the query string) → `{"success":true,"url":"…"}`. The image
/// becomes the visitor's message. Images are on by default; the owner may turn them off.
/// Errors: 400 (not multipart, no `image`), 403 `blocked` or images off, 404, 413 (over 5 MB),
/// 415 `unsupported_media_type` (not PNG, JPEG, GIF or WebP, whatever its name says), 429
/// (over 10 a minute from one address, or the bot's images of the day, `quota_exceeded`).
pub async fn upload_image(mut req: Request, ctx: Ctx) -> ApiResult {
    // Read at most the limit (plus room for the form's other parts), then let the runtime parse
    // the multipart body from those bytes.
    let bytes = body_bytes_within(&mut req, images::MAX_BYTES + 64 * 1024).await?;
    let form = reparse(&req, bytes)?.form_data().await.map_err(|_| {
        ApiError::invalid("send multipart/form-data with the image in the field `image`")
    })?;
    let field = |name: &str| {
        form.get_field(name)
            .or_else(|| super::query(&req, name).ok().flatten())
    };
    let session = SessionRef {
        token: WidgetToken::of_site_key(&field("site_key").unwrap_or_default())
            .map_err(|_| ApiError::unknown_token())?,
        chat_id: ChatId::of_session(&field("session_id").unwrap_or_default())
            .map_err(|e| ApiError::new(ErrorCode::InvalidChatId, format!("session_id {}", e.0)))?,
        visitor_id: visitor_id(field("visitor_id").as_deref())?,
    };
    let config = gate::admit(&req, &ctx.env, &session.token, Limit::Upload).await?;
    if !config.file_upload {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this bot does not accept images",
        ));
    }
    blocks::refuse_blocked(&ctx.env, &session.token, session.visitor_id.as_ref()).await?;
    let Some(worker::FormEntry::File(file)) = form.get("image") else {
        return Err(ApiError::invalid("the field `image` must hold a file"));
    };
    let data = file.bytes().await?;
    if data.len() > images::MAX_BYTES {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            "an image may be at most 5 MB",
        ));
    }
    let kind = ImageType::sniff(&data).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "only PNG, JPEG, GIF and WebP images are accepted",
        )
    })?;
    // The bot's images of the day (counted once the image is known to be one).
    if !crate::objects::bot::take_image_quota(&ctx.env, &session.token, config.access.daily_images)
        .await?
    {
        let tomorrow = (crate::platform::clock::now_ms() / 86_400_000 + 1) * 86_400_000;
        return Err(ApiError {
            retry_after: Some(((tomorrow - crate::platform::clock::now_ms()) / 1000).max(1) as u64),
            ..ApiError::new(
                ErrorCode::QuotaExceeded,
                "this assistant has received all the images it accepts today; please try again tomorrow",
            )
        });
    }
    let name = format!("{}.{}", random::hex_id("")?, kind.extension());
    let key = format!("{}/{name}", session.token.as_str());
    ctx.env
        .bucket(UPLOADS)?
        .put(&key, data)
        .http_metadata(HttpMetadata {
            content_type: Some(kind.mime().to_owned()),
            ..HttpMetadata::default()
        })
        .custom_metadata([("chat_id".to_owned(), session.chat_id.as_str().to_owned())])
        .execute()
        .await?;
    let url = req.url()?;
    let origin = url.origin().ascii_serialization();
    let url = format!("{origin}/api/v1/chat/images/{key}");
    let call = ImageCall {
        who: VisitorRef::of(&session),
        url: url.clone(),
    };
    conversation::ask(&ctx.env, &session.token, &session.chat_id, call).await?;
    json(&UploadResponse { success: true, url })
}

/// The request's headers around `bytes`, so the runtime can parse them as a form.
fn reparse(req: &Request, bytes: Vec<u8>) -> ApiResult<Request> {
    let headers = Headers::new();
    if let Some(kind) = req.headers().get("Content-Type")? {
        headers.set("Content-Type", &kind)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(js_sys::Uint8Array::from(bytes.as_slice()).into()));
    Ok(Request::new_with_init("https://form/", &init)?)
}

/// `GET /api/v1/chat/images/{token}/{file}` → the image, with its true type, `nosniff`, and a
/// year's cache (the name never changes). Errors: 404.
pub async fn image(_req: Request, ctx: Ctx) -> ApiResult {
    let token = path_token(&ctx)?;
    let file = ctx.param("file").cloned().unwrap_or_default();
    let kind = ImageType::of_name(&file).ok_or_else(|| ApiError::not_found("image"))?;
    let object = ctx
        .env
        .bucket(UPLOADS)?
        .get(format!("{}/{file}", token.as_str()))
        .execute()
        .await?
        .ok_or_else(|| ApiError::not_found("image"))?;
    let bytes = object
        .body()
        .ok_or_else(|| ApiError::not_found("image"))?
        .bytes()
        .await?;
    let headers = Headers::new();
    headers.set("Content-Type", kind.mime())?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Cache-Control", "public, max-age=31536000, immutable")?;
    headers.set("Content-Security-Policy", "default-src 'none'; sandbox")?;
    headers.set("Cross-Origin-Resource-Policy", "cross-origin")?;
    Ok(Response::from_bytes(bytes)?.with_headers(headers))
}

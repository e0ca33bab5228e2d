//! Widget pings, coalesced in the isolate (see [`crate::visitors::coalesce`]) and written to the Bot
//! object after the response is sent, so a ping costs the visitor no wait and the Bot object
//! at most one write per bot per isolate every few seconds.

use crate::platform::clock::now_ms;
use crate::visitors::coalesce::{Coalescer, Plan};
use porthole_shared::WidgetToken;
use std::cell::RefCell;
use std::time::Duration;
use worker::{Context, Env, Request};

thread_local! {
    static COALESCER: RefCell<Coalescer> = RefCell::new(Coalescer::default());
}

/// Records a ping of `token` from the page at `domain`; the write happens after the response.
pub fn record(env: &Env, ctx: &Context, token: &WidgetToken, domain: Option<String>) {
    let plan = COALESCER.with(|c| c.borrow_mut().record(token.as_str(), now_ms(), domain));
    let delay = match plan {
        Plan::Nothing => return,
        Plan::WriteNow => None,
        Plan::WriteAfter(ms) => Some(Duration::from_millis(ms.max(0) as u64)),
    };
    let (env, token) = (env.clone(), token.clone());
    ctx.wait_until(async move {
        if let Some(delay) = delay {
            worker::Delay::from(delay).await;
        }
        write(&env, &token).await;
    });
}

async fn write(env: &Env, token: &WidgetToken) {
    let Some(record) = COALESCER.with(|c| c.borrow_mut().take(token.as_str(), now_ms())) else {
        return;
    };
    let result = crate::objects::bot::ask(env, token, record).await;
    if let Err(e) = result {
        worker::console_error!("ping write for {token}: {}", e.message);
    }
}

/// The host of the page that pinged: from `Origin`, else from `Referer`.
pub fn page_domain(req: &Request) -> Option<String> {
    ["Origin", "Referer"].iter().find_map(|name| {
        let value = req.headers().get(name).ok().flatten()?;
        let url = url::Url::parse(&value).ok()?;
        url.host_str().map(str::to_owned)
    })
}

//! Requests to `wrangler dev` as the suites send them: [`Sent::sent`] is reqwest's `send`, once
//! more after wrangler's dev proxy answered 503.
//!
//! wrangler's proxy (its `ProxyWorker`) forwards each request to the worker over a loopback
//! connection. When that connection fails under a request that is not a GET or HEAD, it answers
//! 503 "Your worker restarted mid-request" itself (it compares the worker's address with the
//! request's path in it, so any such failure takes that branch), and the request never reached
//! Porthole, which answers no 503 of its own (`ErrorCode::status`). That happened once in a CI
//! run of about 20,000 requests; the second attempt goes through, and says so on stderr.

use reqwest::{RequestBuilder, Response, StatusCode};

/// [`RequestBuilder::send`], sent again once when wrangler's dev proxy answered 503.
pub trait Sent {
    /// Sends the request; once more if wrangler's proxy answered 503 and the body can be cloned.
    fn sent(self) -> impl Future<Output = reqwest::Result<Response>>;
}

impl Sent for RequestBuilder {
    async fn sent(self) -> reqwest::Result<Response> {
        let again = self.try_clone();
        let response = self.send().await?;
        match again {
            Some(again) if response.status() == StatusCode::SERVICE_UNAVAILABLE => {
                let url = response.url().clone();
                let text = response.text().await.unwrap_or_default();
                eprintln!("wrangler's dev proxy answered 503 for {url} ({text}); sending it again");
                again.send().await
            }
            _ => Ok(response),
        }
    }
}

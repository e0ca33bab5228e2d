//! Erasing a conversation (its owner's deletion, a visitor's erasure request, the bot deleted,
//! or its retention period passed): a running reply stops, the images its messages hold are
//! deleted from R2, and then every table of the object, and its alarm, are gone. A poll after
//! that finds an unknown session, as if it had never started.

use super::Inner;
use crate::platform::bindings::UPLOADS;
use crate::web::error::ApiResult;
use porthole_shared::api::Ack;

/// Where a stored image's key starts in its URL.
const IMAGES_PATH: &str = "/api/v1/chat/images/";

impl Inner {
    /// Erases everything the conversation holds.
    pub(super) async fn erase(&self) -> ApiResult<Ack> {
        for (_, stop) in self.running.borrow().iter() {
            stop.stop();
        }
        let images = self.store.image_urls()?;
        if !images.is_empty() {
            let bucket = self.env.bucket(UPLOADS)?;
            for key in images.iter().filter_map(|url| image_key(url)) {
                bucket.delete(key).await?;
            }
        }
        self.storage.delete_alarm().await?;
        self.storage.delete_all().await?;
        self.store.forget();
        Ok(porthole_shared::api::Ack::OK)
    }
}

/// The R2 key of an image URL the service made (`…/api/v1/chat/images/{token}/{file}`).
fn image_key(url: &str) -> Option<&str> {
    let (_, key) = url.split_once(IMAGES_PATH)?;
    let (token, file) = key.split_once('/')?;
    (token.len() == 32 && !file.is_empty() && !file.contains('/')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_services_image_urls_name_a_key() {
        let token = "a".repeat(32);
        let url = format!(
            "https://x.test/api/v1/chat/images/{token}/{}.png",
            "b".repeat(32)
        );
        assert_eq!(image_key(&url), Some(&url[url.find(&token).unwrap()..]));
        assert_eq!(image_key("https://x.test/other/path.png"), None);
        assert_eq!(
            image_key(&format!("https://x.test/api/v1/chat/images/{token}/a/b")),
            None
        );
        assert_eq!(
            image_key("https://x.test/api/v1/chat/images/short/file.png"),
            None
        );
    }
}

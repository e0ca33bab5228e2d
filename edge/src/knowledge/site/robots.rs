//! `robots.txt` as Google reads it (RFC 9309: the group of the most specific user agent, the
//! longest matching rule, `*` and `$`), through the `robotstxt` crate, for the crawler's own
//! name ([`CRAWLER_USER_AGENT`]); plus the sitemaps it lists and its `Crawl-delay`.

use porthole_shared::sites::CRAWLER_USER_AGENT;
use robotstxt::{DefaultMatcher, RobotsParseHandler, parse_robotstxt};

/// Most seconds between batches a `Crawl-delay` is obeyed up to.
pub const CRAWL_DELAY_MAX_SECS: u32 = 30;

/// A site's `robots.txt` (empty: everything allowed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    body: String,
}

impl Robots {
    /// The rules in `body` (what `/robots.txt` answered with 200; anything else: none).
    pub fn new(body: &str) -> Self {
        Self {
            body: body.to_owned(),
        }
    }

    /// The text kept (to store between batches).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Whether the crawler may fetch `url` (an absolute address).
    pub fn allows(&self, url: &str) -> bool {
        if self.body.trim().is_empty() {
            return true;
        }
        DefaultMatcher::default().one_agent_allowed_by_robots(&self.body, CRAWLER_USER_AGENT, url)
    }

    /// The sitemaps it lists, and its `Crawl-delay` (seconds) for any agent or ours.
    pub fn hints(&self) -> (Vec<String>, Option<u32>) {
        let mut hints = Hints::default();
        parse_robotstxt(&self.body, &mut hints);
        (hints.sitemaps, hints.delay)
    }
}

#[derive(Default)]
struct Hints {
    sitemaps: Vec<String>,
    delay: Option<u32>,
    /// Whether the group being read is for every agent or ours.
    ours: bool,
    /// Whether the last line was a user agent (consecutive ones make one group).
    in_agents: bool,
}

impl RobotsParseHandler for Hints {
    fn handle_robots_start(&mut self) {}
    fn handle_robots_end(&mut self) {}
    fn handle_user_agent(&mut self, _line: u32, agent: &str) {
        let agent = agent.trim();
        let matches = agent == "*" || agent.eq_ignore_ascii_case(CRAWLER_USER_AGENT);
        self.ours = (self.in_agents && self.ours) || matches;
        self.in_agents = true;
    }
    fn handle_allow(&mut self, _line: u32, _value: &str) {
        self.in_agents = false;
    }
    fn handle_disallow(&mut self, _line: u32, _value: &str) {
        self.in_agents = false;
    }
    fn handle_sitemap(&mut self, _line: u32, value: &str) {
        if self.sitemaps.len() < 50 {
            self.sitemaps.push(value.trim().to_owned());
        }
    }
    fn handle_unknown_action(&mut self, _line: u32, action: &str, value: &str) {
        self.in_agents = false;
        if self.ours
            && action.eq_ignore_ascii_case("crawl-delay")
            && let Ok(secs) = value.trim().parse::<f64>()
        {
            self.delay = Some((secs.max(0.0).ceil() as u32).min(CRAWL_DELAY_MAX_SECS));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "User-agent: *\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 2\n\n\
        User-agent: BadBot\nDisallow: /\n\nSitemap: https://harbor.test/sitemap_index.xml\n";

    #[test]
    fn rules_sitemaps_and_delay_are_read() {
        let robots = Robots::new(ROBOTS);
        assert!(robots.allows("https://harbor.test/prices"));
        assert!(!robots.allows("https://harbor.test/private/secret.html"));
        assert!(robots.allows("https://harbor.test/private/open"));
        let (sitemaps, delay) = robots.hints();
        assert_eq!(sitemaps, ["https://harbor.test/sitemap_index.xml"]);
        assert_eq!(delay, Some(2));
        assert!(Robots::new("").allows("https://harbor.test/anything"));
    }

    #[test]
    fn our_own_group_wins_over_everyone_s() {
        let robots =
            Robots::new("User-agent: *\nDisallow: /\n\nUser-agent: PortholeBot\nAllow: /\n");
        assert!(robots.allows("https://harbor.test/a"));
        let closed = Robots::new("User-agent: portholebot\nDisallow: /docs\n");
        assert!(!closed.allows("https://harbor.test/docs/x"));
        assert!(closed.allows("https://harbor.test/blog"));
    }
}

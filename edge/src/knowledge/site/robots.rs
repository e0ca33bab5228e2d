//! `robots.txt` as Google reads it (RFC 9309: the group of the most specific user agent, the
//! longest matching rule, `*` and `$`), through the `robotstxt` crate, for the crawler's own
//! name ([`CRAWLER_USER_AGENT`]); plus the sitemaps it lists and its `Crawl-delay`.

use porthole_shared::sites::CRAWLER_USER_AGENT;
use robotstxt::{DefaultMatcher, RobotsParseHandler, parse_robotstxt};

/// Most bytes of `robots.txt` read (Google reads 500 KiB).
pub const ROBOTS_MAX_BYTES: usize = 500 * 1024;
/// Most bytes of one of its lines.
const LINE_MAX_BYTES: usize = 2_000;
/// Most seconds between batches a `Crawl-delay` is obeyed up to.
pub const CRAWL_DELAY_MAX_SECS: u32 = 30;

/// A site's `robots.txt` (empty: everything allowed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    body: String,
}

impl Robots {
    /// The rules in `body` (what `/robots.txt` answered with 200; anything else: none), made
    /// safe for the parser: at most [`ROBOTS_MAX_BYTES`], each line at most [`LINE_MAX_BYTES`]
    /// (cut at a character's edge: the crate slices long lines by bytes), runs of `*` made one
    /// (each costs its matcher a pass over the path).
    pub fn new(body: &str) -> Self {
        let mut kept = String::with_capacity(body.len().min(ROBOTS_MAX_BYTES));
        for line in body.lines() {
            let mut last = '\0';
            let line: String = line
                .chars()
                .filter(|&c| {
                    let repeat = c == '*' && last == '*';
                    last = c;
                    !repeat
                })
                .collect();
            let mut end = line.len().min(LINE_MAX_BYTES);
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            let line = &line[..end];
            if kept.len() + line.len() + 1 > ROBOTS_MAX_BYTES {
                break;
            }
            kept.push_str(line);
            kept.push('\n');
        }
        Self { body: kept }
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
    fn a_hostile_file_is_cut_to_size_before_the_parser_sees_it() {
        let long = format!("Disallow: /{}\n", "é".repeat(20_000));
        let robots = Robots::new(&format!(
            "User-agent: *\n{long}Disallow: /a{}b\n",
            "*".repeat(5_000)
        ));
        assert!(robots.body().lines().all(|l| l.len() <= LINE_MAX_BYTES));
        assert!(robots.body().contains("Disallow: /a*b"));
        assert!(!robots.allows("https://harbor.test/axb"));
        assert!(robots.allows("https://harbor.test/b"));
        let huge = "Disallow: /x\n".repeat(100_000);
        assert!(Robots::new(&huge).body().len() <= ROBOTS_MAX_BYTES);
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

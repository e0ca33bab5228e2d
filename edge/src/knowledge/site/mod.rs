//! What a crawl of an owner's website decides without the runtime: which addresses belong to
//! the site ([`address`]), what `robots.txt` allows ([`robots`]), what a sitemap lists
//! ([`sitemap`]) and what a page holds ([`page`]). The Bot object fetches and keeps
//! (`crate::objects::bot::crawl`).

pub mod address;
pub mod page;
pub mod robots;
pub mod sitemap;

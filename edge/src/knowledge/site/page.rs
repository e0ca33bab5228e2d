//! Reads one HTML page as the knowledge keeps it: its readable text (the page's `main` or
//! `article` when it has one; navigation, site headers and footers, cookie banners, forms,
//! scripts and styles dropped) as Markdown with its headings, lists and tables, each heading
//! that has an `id` marked ` {#id}` so its chunks cite `url#id` (`super::super::files`);
//! and what a crawler needs from it: its title, links, canonical address and `robots` meta.
//!
//! html2text parses the page into its DOM (the same html5ever tree it renders from); this
//! module prunes that tree, then html2text renders what is left.

use html2text::{Element, Handle, RcDom};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName, ns};
use std::cell::RefCell;

/// Wrap width for rendering: wide enough that paragraphs stay on one line.
const RENDER_WIDTH: usize = 10_000;
/// Elements never read: not text, or the site's furniture rather than the page's content.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "select", "textarea", "dialog", "nav", "aside", "object", "embed", "video", "audio", "map",
    "img", "picture",
];
/// Elements dropped unless inside the page's `main` or an `article` (where they hold the
/// article's own heading or byline).
const FURNITURE: &[&str] = &["header", "footer"];
/// ARIA roles of the site's furniture.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
    "complementary",
    "menu",
    "menubar",
];
/// What, in one of an element's `class` names or its `id`, marks a consent or cookie banner
/// (a bakery's `class="cookies"` is content).
const BANNER_MARKS: &[&str] = &[
    "cookie-banner",
    "cookie-consent",
    "cookie-notice",
    "cookie-bar",
    "cookie-law",
    "cookiebanner",
    "cookieconsent",
    "cookie_banner",
    "consent",
    "gdpr",
    "cc-banner",
    "cc-window",
    "onetrust",
];
/// Elements nested deeper than this are dropped (the walks here recurse; a hostile page of
/// 100,000 nested `div`s would overflow the stack).
const MAX_NESTING: usize = 200;
/// Marks where a table was taken out, to be put back as Markdown after rendering.
const TABLE_MARK: char = '\u{E000}';

/// What a page holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Its title: the first `h1` of its content, else `<title>`.
    pub title: String,
    /// Its readable text as Markdown, headings with ids marked ` {#id}`.
    pub text: String,
    /// The addresses it links to, as written (`href`), with the page's `<base>` if any.
    pub links: Vec<String>,
    /// Its `<base href>`, if any.
    pub base: Option<String>,
    /// Its `<link rel="canonical">`, if any.
    pub canonical: Option<String>,
    /// `<meta name="robots" content="noindex">`: not to be kept.
    pub noindex: bool,
    /// `<meta name="robots" content="nofollow">`: its links are not to be followed.
    pub nofollow: bool,
    /// Not read: its elements nest deeper than [`MAX_SOURCE_NESTING`].
    pub too_deep: bool,
}

/// How deep a page's elements may nest to be read. html5ever's tree building slows with the
/// square of the nesting (20,000 nested `div`s take a second and a half of CPU, 100,000 half a
/// minute), and real pages nest a few dozen deep.
pub const MAX_SOURCE_NESTING: usize = 2_000;

/// Tags that contain nothing, or that the parser closes by itself when the next one opens.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot", "param",
];

/// How deep `html`'s elements nest, read from its tags without parsing (an estimate: a page
/// that leaves elements open counts deeper than it is).
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at + 1;
        i = start;
        match bytes.get(start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = html[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let self_closing = html[start..]
                    .find('>')
                    .is_some_and(|e| html[start..start + e].ends_with('/'));
                if !NOT_NESTING.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Reads `html`.
pub fn read(html: &str) -> Page {
    if nesting(html) > MAX_SOURCE_NESTING {
        return Page {
            too_deep: true,
            ..Page::default()
        };
    }
    let config = html2text::config::plain().link_footnotes(false);
    let Ok(dom) = config.parse_html(html.as_bytes()) else {
        return Page::default();
    };
    flatten_deep(&dom.document);
    let mut page = Page::default();
    let mut title = None;
    survey(&dom.document, &mut page, &mut title);
    let mut tables = Vec::new();
    let mut h1 = None;
    if let Some(body) = find(&dom.document, &|n| name(n).as_deref() == Some("body")) {
        // The page's main content when it marks it, else its body.
        let main = find(&body, &|n| {
            name(n).as_deref() == Some("main") || attr(n, "role").as_deref() == Some("main")
        })
        .or_else(|| single(&body, "article"));
        if let Some(main) = main {
            *body.children.borrow_mut() = vec![main];
        }
        prune(&body, false, &mut tables);
        h1 = find(&body, &|n| name(n).as_deref() == Some("h1")).map(|h| squeeze(&text_of(&h)));
    }
    page.title = h1.filter(|t| !t.is_empty()).or(title).unwrap_or_default();
    page.text = render(&config, &dom, &tables);
    page
}

/// Drops what is nested deeper than [`MAX_NESTING`] (without recursing: this is what makes
/// the recursive walks below safe).
fn flatten_deep(root: &Handle) {
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth >= MAX_NESTING {
            node.children.borrow_mut().clear();
            continue;
        }
        for child in node.children.borrow().iter() {
            stack.push((child.clone(), depth + 1));
        }
    }
}

/// Notes the `<title>`, links, canonical address, base and robots meta of the whole page
/// (navigation included: its links are how a crawler finds the other pages).
fn survey(node: &Handle, page: &mut Page, title: &mut Option<String>) {
    if let Some(tag) = name(node) {
        match tag.as_str() {
            "a" | "area" => {
                if let Some(href) = attr(node, "href") {
                    page.links.push(href);
                }
            }
            "link" => {
                let rel = attr(node, "rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    page.canonical = attr(node, "href");
                }
            }
            "base" if page.base.is_none() => page.base = attr(node, "href"),
            "meta" => {
                let who = attr(node, "name").unwrap_or_default().to_ascii_lowercase();
                if who == "robots"
                    || who == porthole_shared::sites::CRAWLER_USER_AGENT.to_ascii_lowercase()
                {
                    let content = attr(node, "content")
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    for directive in content.split(',').map(str::trim) {
                        match directive {
                            "noindex" | "none" => page.noindex = true,
                            _ => {}
                        }
                        if matches!(directive, "nofollow" | "none") {
                            page.nofollow = true;
                        }
                    }
                }
            }
            "title" if title.is_none() => *title = Some(squeeze(&text_of(node))),
            _ => {}
        }
    }
    for child in node.children.borrow().iter() {
        survey(child, page, title);
    }
}

/// Drops what is not the page's content below `node`, marks headings with their ids and
/// takes tables out (into `tables`, as Markdown) so they come back as tables.
fn prune(node: &Handle, in_content: bool, tables: &mut Vec<String>) {
    let in_content = in_content || matches!(name(node).as_deref(), Some("main" | "article"));
    let mut kept = Vec::new();
    for child in node.children.take() {
        let Some(tag) = name(&child) else {
            kept.push(child);
            continue;
        };
        if dropped(&child, &tag, in_content) {
            continue;
        }
        if tag == "table" {
            if let Some(markdown) = table(&child) {
                tables.push(markdown);
                kept.push(placeholder(tables.len() - 1));
            } else {
                // A layout table: its cells are read as blocks.
                let cells = cells(&child);
                for cell in &cells {
                    prune(cell, in_content, tables);
                }
                kept.extend(cells);
            }
            continue;
        }
        let heading = matches!(tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let anchor = if heading { anchor(&child) } else { None };
        prune(&child, in_content, tables);
        if let Some(id) = anchor {
            // An image's alt text is the one text html2text renders that can be made here.
            child
                .children
                .borrow_mut()
                .push(image(&format!("{{#{id}}}")));
        }
        if tag == "a" {
            // A link's text is read as text (html2text would bracket it).
            kept.extend(child.children.take());
            continue;
        }
        kept.push(child);
    }
    *node.children.borrow_mut() = kept;
}

/// Whether element `node` (a `tag`) is not the page's content.
fn dropped(node: &Handle, tag: &str, in_content: bool) -> bool {
    if DROPPED.contains(&tag) || (!in_content && FURNITURE.contains(&tag)) {
        return true;
    }
    if attr(node, "hidden").is_some() || attr(node, "aria-hidden").as_deref() == Some("true") {
        return true;
    }
    if let Some(role) = attr(node, "role")
        && DROPPED_ROLES.contains(&role.to_ascii_lowercase().as_str())
    {
        return true;
    }
    let marks = format!(
        "{} {}",
        attr(node, "id").unwrap_or_default(),
        attr(node, "class").unwrap_or_default()
    )
    .to_ascii_lowercase();
    marks
        .split_whitespace()
        .any(|name| BANNER_MARKS.iter().any(|m| name.contains(m)))
}

/// The id a heading is linked by: its own, or an anchor's inside it.
fn anchor(heading: &Handle) -> Option<String> {
    attr(heading, "id")
        .or_else(|| {
            find(heading, &|n| {
                name(n).as_deref() == Some("a")
                    && (attr(n, "id").is_some() || attr(n, "name").is_some())
            })
            .and_then(|a| attr(&a, "id").or_else(|| attr(&a, "name")))
        })
        .filter(|id| anchor_ok(id))
}

/// The cells of a layout table, each made a `div` of its content.
fn cells(table: &Handle) -> Vec<Handle> {
    let mut found = Vec::new();
    collect_cells(table, &mut found);
    found
}

fn collect_cells(node: &Handle, found: &mut Vec<Handle>) {
    for child in node.children.borrow().iter() {
        match name(child).as_deref() {
            Some("td" | "th") => found.push(element("div", &[], child.children.take())),
            Some("table") => {}
            _ => collect_cells(child, found),
        }
    }
}

/// Whether `id` can be written in the ` {#id}` mark and a URL's fragment as it is.
pub fn anchor_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// A table as a GFM table (its first row the header), or `None` for a table of one cell or
/// none (a layout table: its content is read as it is).
fn table(node: &Handle) -> Option<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    collect_rows(node, &mut rows);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width < 2 || rows.len() < 2 || has_nested_table(node) {
        return None;
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row.get(c).map(String::as_str).unwrap_or("");
            out.push(' ');
            out.push_str(&cell.replace('|', "\\|"));
            out.push_str(" |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    Some(out.trim_end().to_owned())
}

fn collect_rows(node: &Handle, rows: &mut Vec<Vec<String>>) {
    for child in node.children.borrow().iter() {
        match name(child).as_deref() {
            Some("tr") => {
                let cells: Vec<String> = child
                    .children
                    .borrow()
                    .iter()
                    .filter(|c| matches!(name(c).as_deref(), Some("td" | "th")))
                    .map(|c| squeeze(&text_of(c)))
                    .collect();
                if !cells.is_empty() {
                    rows.push(cells);
                }
            }
            Some("thead" | "tbody" | "tfoot") => collect_rows(child, rows),
            _ => {}
        }
    }
}

fn has_nested_table(node: &Handle) -> bool {
    node.children
        .borrow()
        .iter()
        .any(|c| name(c).as_deref() == Some("table") || has_nested_table(c))
}

/// A paragraph that renders as `[\u{E000}n]`, where table `n` goes back.
fn placeholder(n: usize) -> Handle {
    element("p", &[], vec![image(&format!("{TABLE_MARK}{n}"))])
}

/// Renders the pruned page, puts its tables back and leaves one blank line between blocks.
fn render(
    config: &html2text::config::Config<html2text::render::PlainDecorator>,
    dom: &RcDom,
    tables: &[String],
) -> String {
    let rendered = config
        .dom_to_render_tree(dom)
        .and_then(|tree| config.render_to_string(tree, RENDER_WIDTH))
        .unwrap_or_default();
    let mut out = String::with_capacity(rendered.len());
    let mut blank = 0;
    for line in rendered.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        let line = restore(line, tables);
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

/// `line` with its table mark replaced by the table, and a heading's `[{#id}]` by ` {#id}`.
fn restore(line: &str, tables: &[String]) -> String {
    let trimmed = line.trim();
    if let Some(n) = trimmed
        .strip_prefix(&format!("[{TABLE_MARK}"))
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
        && let Some(table) = tables.get(n)
    {
        return table.clone();
    }
    if line.starts_with('#')
        && let Some(at) = line.rfind("[{#")
        && line.ends_with("}]")
    {
        let id = &line[at + 3..line.len() - 2];
        return format!("{} {{#{id}}}", line[..at].trim_end());
    }
    line.to_owned()
}

/// An image html2text renders as `[alt]`.
fn image(alt: &str) -> Handle {
    element("img", &[("alt", alt), ("src", "#")], vec![])
}

/// A new element `tag` with `attrs` and `children`. (html2text names its DOM's node type only
/// through `Handle`, an `Rc` of it.)
fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<Handle>) -> Handle {
    type Node = <Handle as std::ops::Deref>::Target;
    let node = Node::new(Element {
        name: QualName::new(None, ns!(html), tag.into()),
        attrs: RefCell::new(
            attrs
                .iter()
                .map(|(k, v)| Attribute {
                    name: QualName::new(None, ns!(), (*k).into()),
                    value: StrTendril::from(*v),
                })
                .collect(),
        ),
        template_contents: RefCell::new(None),
        mathml_annotation_xml_integration_point: false,
    });
    *node.children.borrow_mut() = children;
    node
}

/// The tag name of an element (lowercase), `None` for text and the rest.
fn name(node: &Handle) -> Option<String> {
    match &node.data {
        Element { name, .. } => Some(name.local.to_ascii_lowercase().to_string()),
        _ => None,
    }
}

/// The value of attribute `key` of an element.
fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| (*a.name.local).eq_ignore_ascii_case(key))
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// The first node below `node` (depth first) that `test` accepts.
fn find(node: &Handle, test: &dyn Fn(&Handle) -> bool) -> Option<Handle> {
    for child in node.children.borrow().iter() {
        if test(child) {
            return Some(child.clone());
        }
        if let Some(found) = find(child, test) {
            return Some(found);
        }
    }
    None
}

/// The one `tag` element below `node`, if there is exactly one.
fn single(node: &Handle, tag: &str) -> Option<Handle> {
    let mut found = Vec::new();
    collect(node, tag, &mut found);
    (found.len() == 1).then(|| found.remove(0))
}

fn collect(node: &Handle, tag: &str, found: &mut Vec<Handle>) {
    for child in node.children.borrow().iter() {
        if name(child).as_deref() == Some(tag) {
            found.push(child.clone());
        } else {
            collect(child, tag, found);
        }
    }
}

/// The text below `node`, as written (html2text's DOM names its text nodes only through
/// their serialization, which escapes `&`, `<`, `>` and the no-break space).
fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    for child in node.children.borrow().iter() {
        match &child.data {
            Element { name, .. } if matches!(&*name.local, "script" | "style") => {}
            Element { .. } => out.push_str(&text_of(child)),
            html2text::Comment { .. } | html2text::Document => {}
            _ => {
                let mut bytes = Vec::new();
                if child.serialize(&mut bytes).is_ok() {
                    out.push_str(&unescape(&String::from_utf8_lossy(&bytes)));
                }
            }
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `text` with its runs of whitespace made one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>Prices | Harbor Coffee</title>
        <link rel="canonical" href="/prices"><base href="https://harbor.test/">
        <meta name="robots" content="index, nofollow"></head><body>
        <header><a href="/">Home</a> <a href="/menu">Menu</a></header>
        <nav><ul><li><a href="/about">About us</a></li></ul></nav>
        <div class="cookie-banner">We use cookies. <button>Accept</button></div>
        <main><h1>Our prices</h1><p>Fresh &amp; fair, since 1998.</p>
        <h2 id="coffee">Coffee</h2><ul><li>Espresso</li><li>Flat white</li></ul>
        <h2><a id="cakes"></a>Cakes</h2>
        <table><thead><tr><th>Cake</th><th>Price</th></tr></thead>
        <tbody><tr><td>Lemon | lime</td><td>3.20</td></tr><tr><td>Carrot</td><td>3.50</td></tr></tbody></table>
        <p>See <a href="beans.html">our beans</a>.</p></main>
        <footer>© Harbor <a href="/imprint">Imprint</a></footer>
        <script>var tracking = 1;</script></body></html>"#;

    #[test]
    fn the_main_content_is_kept_with_headings_lists_tables_and_anchors() {
        let page = read(PAGE);
        assert_eq!(page.title, "Our prices");
        let text = &page.text;
        assert!(text.starts_with("# Our prices"), "{text}");
        assert!(text.contains("Fresh & fair, since 1998."), "{text}");
        assert!(text.contains("See our beans."), "{text}");
        assert!(text.contains("## Coffee {#coffee}"), "{text}");
        assert!(text.contains("* Espresso\n* Flat white"), "{text}");
        assert!(text.contains("## Cakes {#cakes}"), "{text}");
        assert!(
            text.contains(
                "| Cake | Price |\n| --- | --- |\n| Lemon \\| lime | 3.20 |\n| Carrot | 3.50 |"
            ),
            "{text}"
        );
        for furniture in [
            "cookies", "Accept", "Imprint", "About us", "tracking", "Menu",
        ] {
            assert!(!text.contains(furniture), "{furniture} in {text}");
        }
    }

    #[test]
    fn links_canonical_base_and_robots_are_noted_from_the_whole_page() {
        let page = read(PAGE);
        for link in ["/", "/menu", "/about", "beans.html", "/imprint"] {
            assert!(
                page.links.iter().any(|l| l == link),
                "{link}: {:?}",
                page.links
            );
        }
        assert_eq!(page.canonical.as_deref(), Some("/prices"));
        assert_eq!(page.base.as_deref(), Some("https://harbor.test/"));
        assert!(page.nofollow && !page.noindex);
    }

    #[test]
    fn a_page_without_main_keeps_its_body_but_not_its_furniture() {
        let page = read(
            "<html><head><title>Hours</title></head><body><header><h1>Site</h1></header>\
             <div id=\"consent\">Allow all?</div><p>We open at 7am.</p>\
             <table><tr><td>layout</td></tr></table><footer>Contact</footer></body></html>",
        );
        assert_eq!(page.title, "Hours");
        assert_eq!(page.text, "We open at 7am.\n\nlayout");
    }

    #[test]
    fn a_page_nested_past_reason_is_not_read_and_one_nested_deep_is_read_safely() {
        let deep = |n: usize| {
            format!(
                "<main><p>Top.</p>{}deep{}</main>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            )
        };
        let refused = read(&deep(100_000));
        assert!(refused.too_deep && refused.text.is_empty());
        let page = read(&deep(600));
        assert!(!page.too_deep);
        assert!(page.text.starts_with("Top."), "{}", page.text);
        let sloppy = format!("<ul>{}</ul>", "<li><p>item".repeat(5_000));
        assert!(!read(&sloppy).too_deep);
        let bakery = read(
            "<main><section class=\"cookies\"><h2>Cookies</h2><p>Oat and raisin.</p></section></main>",
        );
        assert!(bakery.text.contains("Oat and raisin."), "{}", bakery.text);
    }

    #[test]
    fn noindex_and_an_article_alone() {
        let page = read(
            "<meta name=robots content=noindex><div>menu</div><article><header><h1>News</h1></header><p>Body.</p></article>",
        );
        assert!(page.noindex && !page.nofollow);
        assert_eq!(page.text, "# News\n\nBody.");
    }
}
#[cfg(test)]
mod timing {
    #[test]
    fn parse_time() {
        for n in [5_000usize, 10_000, 20_000] {
            let deep = format!(
                "<main><p>Top.</p>{}deep{}</main>",
                "<div>".repeat(n),
                "</div>".repeat(n)
            );
            let t = std::time::Instant::now();
            let dom = html2text::config::plain()
                .parse_html(deep.as_bytes())
                .unwrap();
            let parsed = t.elapsed();
            super::flatten_deep(&dom.document);
            let t2 = std::time::Instant::now();
            let _ = super::read(&deep);
            eprintln!("n={n} parse={parsed:?} read={:?}", t2.elapsed());
        }
    }
}

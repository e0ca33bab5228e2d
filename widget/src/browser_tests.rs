//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): each test
//! mounts one component into the page and reads single nodes of its DOM.

use crate::api::Api;
use crate::chat::{Failure, Message as ChatEntry, Status};
use crate::components::composer::Composer;
use crate::components::launcher_button::LauncherButton;
use crate::components::markdown_view::Markdown;
use crate::components::message::Message;
use crate::components::panel::{Panel, PanelContent};
use crate::controller::{Settings, Widget};
use crate::i18n;
use crate::storage::Store;
use leptos::html;
use leptos::prelude::*;
use porthole_shared::{Role, Source};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` in a fresh element of the page; returns the element.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

/// Lets effects and microtasks run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.dyn_into().unwrap())
}

fn widget() -> Widget {
    Widget::new(Settings {
        token: "0123456789abcdef0123456789abcdef".into(),
        api: Api::new("http://127.0.0.1:9/"),
        lang: "en".into(),
        strings: i18n::strings("en"),
        launcher: i18n::launcher("en"),
        store: Store::new("component-tests"),
        emit: None,
        handoff: true,
        hours: None,
        available: false,
        transcripts: false,
        lead: Default::default(),
        images: true,
        track: None,
        bot_id: String::new(),
        options: porthole_shared::BotConfig::default().web_chat(),
        draft: String::new(),
    })
}

#[wasm_bindgen_test]
async fn the_launcher_is_a_labelled_button_with_an_unread_badge_that_reports_clicks() {
    let clicks = Rc::new(Cell::new(0));
    let counted = clicks.clone();
    let open = RwSignal::new(false);
    let unread = RwSignal::new(3);
    let root = mount(move || {
        let button = NodeRef::<html::Button>::new();
        view! {
            <LauncherButton open unread busy=false strings=i18n::launcher("en") button
                on_click=move || counted.set(counted.get() + 1) on_reach=|| {}/>
        }
    });
    let button = find(&root, "[data-testid=launcher]").unwrap();
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Open chat")
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let badge = find(&root, "[data-testid=unread]").unwrap();
    assert_eq!(badge.text_content().as_deref(), Some("3"));
    assert_eq!(
        badge.get_attribute("aria-label").as_deref(),
        Some("3 unread")
    );
    button.click();
    assert_eq!(clicks.get(), 1);
    open.set(true);
    settle().await;
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Close chat")
    );
    assert!(
        find(&root, "[data-testid=unread]").is_none(),
        "no badge while open"
    );
}

#[wasm_bindgen_test]
fn markdown_becomes_elements_and_never_html() {
    let root = mount(|| {
        view! { <Markdown text="**Open** daily:\n\n- [Map](https://x.test/map)\n- <b>8am</b>".to_owned()/> }
    });
    assert_eq!(
        find(&root, "strong").unwrap().text_content().as_deref(),
        Some("Open")
    );
    let link = find(&root, "li a").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://x.test/map")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(find(&root, "b").is_none(), "raw HTML is not markup");
    assert!(root.text_content().unwrap().contains("<b>8am</b>"));
}

#[wasm_bindgen_test]
async fn a_streaming_reply_keeps_its_finished_blocks_and_renders_only_the_new_one() {
    let text = RwSignal::new(String::from("We open **daily**.\n\nSaturday: 8"));
    let root = mount(move || view! { <Markdown text/> });
    settle().await;
    let first = find(&root, "p").unwrap();
    assert_eq!(first.text_content().as_deref(), Some("We open daily."));
    for piece in [":00", "–20", ":00.\n\n- Sunday", ": closed"] {
        text.update(|t| t.push_str(piece));
        settle().await;
    }
    let paragraphs = root.query_selector_all("p").unwrap();
    assert_eq!(paragraphs.length(), 2);
    // The first block's element is the one rendered before the rest arrived.
    let still_first: web_sys::Node = paragraphs.get(0).unwrap();
    assert!(still_first.is_same_node(Some(first.as_ref())));
    assert_eq!(
        paragraphs.get(1).unwrap().text_content().as_deref(),
        Some("Saturday: 8:00–20:00.")
    );
    assert_eq!(
        find(&root, "li").unwrap().text_content().as_deref(),
        Some("Sunday: closed")
    );
    // A new reply in the same place is read afresh.
    text.set("Bye".into());
    settle().await;
    assert_eq!(root.text_content().as_deref(), Some("Bye"));
}

#[wasm_bindgen_test]
async fn a_waiting_reply_shows_the_typing_indicator_then_its_text_and_sources() {
    let w = widget();
    w.update_chat(|c| c.send("Hours?", "t1"));
    let key = w.chat().with_untracked(|c| c.messages()[1].key);
    let root = mount(move || {
        provide_context(w);
        view! { <Message key citations=true/> }
    });
    assert!(find(&root, "[data-testid=typing]").is_some());
    w.update_chat(|c| {
        c.chunk("t1", "We open at *7am*.");
        c.sources(
            "t1",
            vec![Source {
                title: "Visit".into(),
                url: "https://x.test/visit".into(),
            }],
        );
        c.done("t1");
    });
    settle().await;
    assert!(find(&root, "[data-testid=typing]").is_none());
    assert_eq!(
        find(&root, "em").unwrap().text_content().as_deref(),
        Some("7am")
    );
    let source = find(&root, "[data-testid=sources] a").unwrap();
    assert_eq!(source.text_content().as_deref(), Some("Visit"));
    assert_eq!(
        find(&root, "[data-role=assistant]")
            .unwrap()
            .get_attribute("aria-busy")
            .as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
fn sources_are_hidden_when_citations_are_off() {
    let w = widget();
    let key = w.update_chat(|c| {
        let mut m = ChatEntry::new(Role::Assistant, "Yes.", Status::Done);
        m.sources = vec![Source {
            title: "T".into(),
            url: String::new(),
        }];
        c.push(m)
    });
    let root = mount(move || {
        provide_context(w);
        view! { <Message key citations=false/> }
    });
    assert!(find(&root, "[data-testid=sources]").is_none());
}

#[wasm_bindgen_test]
fn a_failed_reply_explains_itself_and_offers_a_retry_except_when_paused() {
    let w = widget();
    let (rate_limited, paused) = w.update_chat(|c| {
        c.send("a", "t1");
        c.fail("t1", Failure::RateLimited(Some(42)));
        c.send("b", "t2");
        c.fail("t2", Failure::Paused);
        (c.messages()[1].key, c.messages()[3].key)
    });
    let root = mount(move || {
        provide_context(w);
        view! { <div id="a"><Message key=rate_limited citations=true/></div><div id="b"><Message key=paused citations=true/></div> }
    });
    let first = find(&root, "#a [data-testid=error]")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(first.contains("Try again in 42 s."), "{first}");
    assert!(find(&root, "#a [data-testid=retry]").is_some());
    assert!(
        find(&root, "#b [data-testid=error]")
            .unwrap()
            .text_content()
            .unwrap()
            .contains("paused")
    );
    assert!(find(&root, "#b [data-testid=retry]").is_none());
}

#[wasm_bindgen_test]
fn a_persons_message_carries_their_name_and_avatar() {
    let w = widget();
    let key = w.update_chat(|c| {
        let mut m = ChatEntry::new(Role::Operator, "Hi, Jane here.", Status::Done);
        m.author = Some(porthole_shared::message::Author {
            name: "Jane".into(),
            avatar: "https://cdn.test/jane.png".into(),
        });
        c.push(m)
    });
    let root = mount(move || {
        provide_context(w);
        view! { <Message key citations=true/> }
    });
    let bubble = find(&root, "[data-testid=message]").unwrap();
    assert_eq!(
        bubble.get_attribute("data-role").as_deref(),
        Some("operator")
    );
    assert_eq!(bubble.text_content().unwrap(), "Hi, Jane here.");
    let author = find(&root, "[data-testid=author-name]").unwrap();
    assert_eq!(author.text_content().unwrap(), "Jane");
    assert_eq!(
        find(&root, "[data-testid=author] img")
            .unwrap()
            .get_attribute("src")
            .as_deref(),
        Some("https://cdn.test/jane.png")
    );
}

#[wasm_bindgen_test]
fn a_reply_the_bot_could_not_give_offers_a_person_when_the_bot_has_one() {
    let w = widget();
    let key = w.update_chat(|c| {
        c.send("Do you sell boats?", "t1");
        c.chunk("t1", "I'm sorry, I don't know.");
        c.done("t1");
        c.identify_reply("t1", Some("2".into()), true);
        c.messages()[1].key
    });
    let root = mount(move || {
        provide_context(w);
        view! { <Message key citations=true/> }
    });
    let offer = find(&root, "[data-testid=offer-person]").expect("the offer");
    assert_eq!(offer.text_content().unwrap(), "Talk to a person");
}

#[wasm_bindgen_test]
async fn the_composer_counts_characters_and_disables_send_past_300() {
    let w = widget();
    let input = NodeRef::<html::Textarea>::new();
    let root = mount(move || {
        provide_context(w);
        view! { <Composer placeholder="Ask…".to_owned() input/> }
    });
    let textarea: web_sys::HtmlTextAreaElement =
        find(&root, "textarea").unwrap().dyn_into().unwrap();
    assert_eq!(textarea.placeholder(), "Ask…");
    let type_text = |text: &str| {
        textarea.set_value(text);
        textarea
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    type_text("short");
    settle().await;
    assert!(find(&root, "[data-testid=counter]").is_none());
    type_text(&"咖".repeat(260));
    settle().await;
    assert_eq!(
        find(&root, "[data-testid=counter]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("40 characters left")
    );
    type_text(&"a".repeat(305));
    settle().await;
    assert_eq!(
        find(&root, "[data-testid=counter]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("5 characters too many")
    );
    let send: web_sys::HtmlButtonElement = find(&root, "[data-testid=send]")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(send.disabled());
}

#[wasm_bindgen_test]
async fn the_panel_is_an_inert_dialog_when_closed_and_escape_closes_it() {
    let w = widget();
    let content = PanelContent {
        name: "Barista".into(),
        avatar: String::new(),
        welcome: "Hello!".into(),
        placeholder: "Ask".into(),
        starters: vec!["Where are you?".into()],
        citations: true,
        powered_by: true,
    };
    let root = mount(move || {
        provide_context(w);
        view! { <Panel content/> }
    });
    let panel = find(&root, "[data-testid=panel]").unwrap();
    assert_eq!(panel.get_attribute("role").as_deref(), Some("dialog"));
    assert!(panel.has_attribute("inert"), "closed: inert");
    assert_eq!(
        find(&root, "[data-testid=bot-name]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Barista")
    );
    assert_eq!(
        find(&root, "[data-testid=welcome]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Hello!")
    );
    assert!(find(&root, "[data-testid=starters] button").is_some());
    w.open_panel();
    settle().await;
    assert!(!panel.has_attribute("inert"), "open: not inert");
    let escape = web_sys::KeyboardEventInit::new();
    escape.set_key("Escape");
    escape.set_bubbles(true);
    panel
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &escape).unwrap(),
        )
        .unwrap();
    settle().await;
    assert!(!w.is_open().get_untracked());
    assert!(panel.has_attribute("inert"));
}

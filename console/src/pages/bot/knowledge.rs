//! Knowledge: the documents the bot answers from (with their size and how many passages they
//! make), how they are found (by meaning and words, with which model and how far its
//! embedding has come, or by words alone and why), adding one by pasting text, Markdown or HTML
//! or by uploading `.txt`, `.md`, `.html`, `.pdf` and `.docx` files, deleting one, and a test question that
//! shows the reply and the passages it came from. Imported websites ([`super::sites`]) and
//! curated answers ([`super::answers`]) have their own sections.

use super::Current;
use crate::api;
use crate::components::dialog::Confirm;
use crate::components::fields::{Select, TextField};
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use crate::validate;
use leptos::prelude::*;
use porthole_markdown::view::render;
use porthole_shared::admin::{
    BotRecord, DocumentAdded, DocumentDetail, DocumentFormat, DocumentInput, DocumentList,
    DocumentSummary, RetrievalMode, RetrievalStatus, TestAnswer,
};
use porthole_shared::ai::EmbeddingProvider;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The knowledge tab.
#[component]
pub fn Knowledge() -> impl IntoView {
    let current = expect_context::<Current>();
    let documents = RwSignal::new(None::<Vec<DocumentSummary>>);
    let retrieval = RwSignal::new(None::<(RetrievalStatus, i64)>);
    let reload = move || {
        // Read while the tab is there: after an await the bot's page may be gone.
        let (documents_path, bot_path) = (current.path("/documents"), current.path(""));
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::get::<DocumentList>(&documents_path).await {
                documents.set(Some(list.documents));
            }
            watch_retrieval(&bot_path, retrieval).await;
        });
    };
    reload();
    let total = move || {
        documents.with(|d| {
            d.as_ref()
                .map(|d| d.iter().map(|d| d.chars).sum::<i64>())
                .unwrap_or(0)
        })
    };
    view! {
        <div class="split">
            <div class="settings">
                <section class="card" aria-labelledby="docs-title">
                    <h2 id="docs-title">"Documents"</h2>
                    <Retrieval status=retrieval/>
                    <Show when=move || documents.with(|d| d.is_some()) fallback=|| view! { <Loading/> }>
                        <Show when=move || documents.with(|d| d.as_ref().is_some_and(|d| !d.is_empty()))
                            fallback=|| view! { <Empty>"No knowledge yet: the bot can only say it does not know. Add your FAQ, policies or product pages below."</Empty> }>
                            <p class="hint">{move || format!("{} characters in all", format::count(total()))}</p>
                            <div class="table-scroll">
                            <table class="table documents-table" data-testid="documents">
                                <thead><tr><th scope="col">"Title"</th><th scope="col">"Format"</th><th scope="col" class="num">"Characters"</th><th scope="col" class="num">"Passages"</th><th scope="col">"Updated"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                                <tbody>
                                    <For each=move || documents.get().unwrap_or_default() key=|d| (d.id, d.updated_at.clone()) let:doc>
                                        <DocumentRow doc on_changed=Callback::new(move |_| reload())/>
                                    </For>
                                </tbody>
                            </table>
                            </div>
                        </Show>
                    </Show>
                </section>
                <super::sites::Sites on_changed=Callback::new(move |_| reload())/>
                <super::answers::CuratedAnswers on_changed=Callback::new(move |_| reload())/>
                <AddDocument on_added=Callback::new(move |_| reload())/>
            </div>
            <aside class="side">
                <TestQuestion/>
            </aside>
        </div>
    }
}

/// Reads how the bot at `path` retrieves its knowledge into `retrieval`, again every two
/// seconds while its embedding is under way (a minute at most, and no longer than the tab is
/// shown).
async fn watch_retrieval(path: &str, retrieval: RwSignal<Option<(RetrievalStatus, i64)>>) {
    for _ in 0..30 {
        let Ok(record) = api::get::<BotRecord>(path).await else {
            return;
        };
        let Some(status) = record.status else { return };
        let done = status.retrieval.model.is_none()
            || status.retrieval.error.is_some()
            || status.retrieval.embedded >= status.chunks;
        // The tab may have been left meanwhile: then there is nothing to show it in.
        if retrieval
            .try_set(Some((status.retrieval, status.chunks)))
            .is_some()
            || done
        {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(2_000).await;
    }
}

/// How the knowledge is found: by meaning and words (the model, and how many passages it has
/// embedded), or by words alone (and why).
#[component]
fn Retrieval(status: RwSignal<Option<(RetrievalStatus, i64)>>) -> impl IntoView {
    let saved = expect_context::<Current>().saved();
    let provider = move || saved.with(|c| c.ai.embeddings.provider);
    let line = move || {
        let (r, chunks) = status.get()?;
        let model = r.model.clone().unwrap_or_default();
        let model = model
            .split_once(':')
            .map_or(model.as_str(), |(_, m)| m)
            .to_owned();
        Some(match (r.mode, &r.error) {
            (_, Some(error)) => format!(
                "Found by words only for now: embedding with {model} failed ({error}). It is tried again every minute."
            ),
            (RetrievalMode::Hybrid, None) if r.embedded < chunks => format!(
                "Found by meaning and words ({model}): {} of {} passages embedded so far; the others are found by their words until then.",
                format::count(r.embedded),
                format::count(chunks)
            ),
            (RetrievalMode::Hybrid, None) => format!(
                "Found by meaning and words ({model}): a question in other words, or in another language, finds the passage that answers it."
            ),
            (RetrievalMode::Lexical, None) if r.model.is_some() => format!(
                "Embedding with {model} has begun: until it is done, passages are found by their words."
            ),
            (RetrievalMode::Lexical, None) if provider() == EmbeddingProvider::Off => {
                "Found by words only: embeddings are off for this bot (AI tab).".to_owned()
            }
            (RetrievalMode::Lexical, None) => {
                "Found by words only: this service has no embeddings provider (Workers AI, or EMBEDDINGS_URL), so a question must use the knowledge's own words.".to_owned()
            }
        })
    };
    view! {
        <p class="hint" data-testid="retrieval">{line}</p>
    }
}

#[component]
fn DocumentRow(doc: DocumentSummary, on_changed: Callback<()>) -> impl IntoView {
    let current = expect_context::<Current>();
    let confirming = RwSignal::new(false);
    let opened = RwSignal::new(false);
    let failed = RwSignal::new(None::<Outcome>);
    let id = doc.id;
    let delete = Callback::new(move |_| {
        leptos::task::spawn_local(async move {
            match api::delete(&current.path(&format!("/documents/{id}"))).await {
                Ok(()) => on_changed.run(()),
                Err(e) => failed.set(Some(Outcome::Failed(e.message))),
            }
        });
    });
    let title = doc.title.clone();
    let updated = {
        let ms = js_sys::Date::parse(&doc.updated_at);
        if ms.is_nan() {
            "—".to_owned()
        } else {
            format::date(ms as i64)
        }
    };
    let format_name = serde_json::to_value(doc.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    view! {
        <tr data-testid="document">
            <td class="doc-title">
                {if doc.url.is_empty() {
                    view! { <span>{doc.title.clone()}</span> }.into_any()
                } else {
                    view! { <a href=doc.url.clone() target="_blank" rel="noopener noreferrer">{doc.title.clone()}</a> }.into_any()
                }}
                <OutcomeLine outcome=failed/>
            </td>
            <td data-label="Format">{format_name}</td>
            <td class="num" data-label="Characters">{format::count(doc.chars)}</td>
            <td class="num" data-testid="chunks" data-label="Passages">{format::count(doc.chunks)}</td>
            <td data-label="Updated">{updated}</td>
            <td class="doc-actions">
                <button type="button" class="button small" data-testid="open-document"
                    aria-expanded=move || opened.get().to_string()
                    on:click=move |_| opened.update(|o| *o = !*o)>{move || if opened.get() { "Close" } else { "Open" }}</button>
                <button type="button" class="button small danger-outline" data-testid="delete-document"
                    aria-label=format!("Delete {title}") on:click=move |_| confirming.set(true)>"Delete"</button>
                <Confirm open=confirming title=format!("Delete {title}?")
                    message="The bot stops answering from it at once."
                    confirm=format!("Delete {title}") on_confirm=delete/>
            </td>
        </tr>
        <Show when=move || opened.get()>
            <tr class="doc-editor-row">
                <td colspan="6">
                    <DocumentEditor id on_saved=Callback::new(move |_| {
                        opened.set(false);
                        on_changed.run(());
                    })/>
                </td>
            </tr>
        </Show>
    }
}

/// A document's text as the knowledge keeps it, to read and correct: saved, it is chunked and
/// indexed anew (a web page's or an HTML file's text is kept as Markdown from then on).
#[component]
fn DocumentEditor(id: i64, on_saved: Callback<()>) -> impl IntoView {
    let current = expect_context::<Current>();
    let path = current.path(&format!("/documents/{id}"));
    let loaded = RwSignal::new(None::<DocumentDetail>);
    let title = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    {
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::get::<DocumentDetail>(&path).await {
                Ok(detail) => {
                    title.try_set(detail.document.title.clone());
                    url.try_set(detail.document.url.clone());
                    text.try_set(detail.text.clone());
                    loaded.try_set(Some(detail));
                }
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
        });
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(format) =
            loaded.with_untracked(|d| d.as_ref().map(|d| edited_format(d.document.format)))
        else {
            return;
        };
        let body = serde_json::json!({
            "title": title.get_untracked(),
            "url": url.get_untracked(),
            "text": text.get_untracked(),
            "format": format,
        });
        busy.set(true);
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api::send::<_, DocumentAdded>("PUT", &path, &body).await {
                Ok(_) => on_saved.run(()),
                Err(e) => {
                    outcome.try_set(Some(Outcome::Failed(e.message)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="doc-editor" on:submit=save data-testid="document-editor">
            <Show when=move || loaded.with(|d| d.is_some()) fallback=|| view! { <Loading/> }>
                <div class="pair">
                    <TextField label="Title" name="document-title" value=title/>
                    <TextField label="URL (optional)" name="document-url" value=url kind="url"/>
                </div>
                <TextField label="Text" name="document-text" value=text rows=12
                    hint="As the bot reads it. Saved, it is split into passages and indexed again."/>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="save-document" disabled=move || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "Save document" }}
                    </button>
                </div>
            </Show>
            <OutcomeLine outcome/>
        </form>
    }
}

/// The format an edited document is sent as: a file's text keeps its format (a PDF its pages);
/// converted HTML is Markdown now.
fn edited_format(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::Pdf => "pdf",
        DocumentFormat::Docx => "docx",
        DocumentFormat::Text => "text",
        _ => "markdown",
    }
}

/// The format a file's name suggests.
fn format_of(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        "html"
    } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
        "markdown"
    } else if lower.ends_with(".pdf") {
        "pdf"
    } else if lower.ends_with(".docx") {
        "docx"
    } else {
        "text"
    }
}

/// A file's body for the API: its text, or (PDF and Word) its bytes in base64, which the
/// service reads.
async fn file_body(file: &web_sys::File) -> Option<serde_json::Value> {
    let name = file.name();
    let format = format_of(&name);
    let title = title_of(&name);
    if format == "pdf" || format == "docx" {
        let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        // `btoa` takes one character per byte.
        let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
        let encoded = web_sys::window()?.btoa(&binary).ok()?;
        return Some(serde_json::json!({"title": title, "format": format, "file": encoded}));
    }
    let content = JsFuture::from(file.text()).await.ok()?.as_string()?;
    Some(serde_json::json!({"title": title, "format": format, "text": content}))
}

/// A file's name without its extension (the document's title).
fn title_of(name: &str) -> String {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    stem.replace(['_', '-'], " ").trim().to_owned()
}

#[component]
fn AddDocument(on_added: Callback<()>) -> impl IntoView {
    let current = expect_context::<Current>();
    let title = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let kind = RwSignal::new("auto".to_owned());
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let body = move || serde_json::json!({"title": title.get(), "url": url.get(), "format": kind.get(), "text": text.get()});
    let url_error = Signal::derive(move || {
        let u = url.get();
        (!u.is_empty())
            .then(|| {
                validate::check::<DocumentInput>(
                    serde_json::json!({"title": "t", "text": "", "url": u}),
                )
            })
            .flatten()
    });
    let send = move |body: serde_json::Value, name: String| async move {
        match api::send::<_, DocumentAdded>("POST", &current.path("/documents"), &body).await {
            Ok(added) => Ok(format!(
                "{} {name}: {}.",
                if added.replaced { "Replaced" } else { "Added" },
                format::plural(added.document.chunks, "passage")
            )),
            Err(e) => Err(format!("{name}: {}", e.message)),
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = body();
        // What is missing, by name, before the service's own rules (which name no field).
        let missing = if title.get_untracked().trim().is_empty() {
            Some("Give the document a title first.")
        } else if text.get_untracked().trim().is_empty() {
            Some("Paste the document's text first.")
        } else {
            None
        };
        if let Some(missing) = missing {
            outcome.set(Some(Outcome::Failed(missing.into())));
            return;
        }
        if let Some(e) = validate::check::<DocumentInput>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match send(body, title.get_untracked()).await {
                Ok(done) => {
                    title.set(String::new());
                    url.set(String::new());
                    text.set(String::new());
                    outcome.set(Some(Outcome::Done(done)));
                    on_added.run(());
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e))),
            }
            busy.set(false);
        });
    };
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        busy.set(true);
        leptos::task::spawn_local(async move {
            let mut said = Vec::new();
            let mut failed = false;
            for file in files {
                let name = file.name();
                let Some(body) = file_body(&file).await else {
                    said.push(format!("{name}: could not be read."));
                    failed = true;
                    continue;
                };
                match send(body, name).await {
                    Ok(done) => said.push(done),
                    Err(e) => {
                        said.push(e);
                        failed = true;
                    }
                }
            }
            let text = said.join(" ");
            outcome.set(Some(if failed {
                Outcome::Failed(text)
            } else {
                Outcome::Done(text)
            }));
            busy.set(false);
            on_added.run(());
        });
    };
    view! {
        <form class="card" on:submit=add data-testid="add-document">
            <h2>"Add knowledge"</h2>
            <div class="upload">
                <label class="button" for="files">"Upload files"</label>
                <input id="files" type="file" multiple class="sr-only" data-testid="upload-files"
                    accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx,text/plain,text/markdown,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" on:change=upload/>
                <span class="hint">".txt, .md, .html, .pdf or .docx — each file becomes a document (a PDF's passages cite their page)."</span>
            </div>
            <p class="or">"or paste it"</p>
            <div class="row">
                <TextField label="Title" name="doc-title" value=title placeholder="Opening hours"/>
                <TextField label="URL (optional)" name="doc-url" value=url error=url_error kind="url"
                    placeholder="https://…" hint="Shown as the source link; a document with the same URL is replaced."/>
            </div>
            <Select label="Format" name="doc-format" value=kind options=vec![
                ("auto".into(), "Detect".into()), ("markdown".into(), "Markdown".into()),
                ("text".into(), "Plain text".into()), ("html".into(), "HTML".into())]/>
            <TextField label="Text" name="doc-text" value=text rows=8 placeholder="## Opening hours\nMonday to Friday: 7am to 6pm"/>
            <button type="submit" class="button primary" data-testid="add" disabled=move || busy.get()>
                {move || if busy.get() { "Adding…" } else { "Add document" }}
            </button>
            <OutcomeLine outcome/>
        </form>
    }
}

/// Asks the bot a question as a visitor would, and shows where the answer came from.
#[component]
fn TestQuestion() -> impl IntoView {
    let current = expect_context::<Current>();
    let question = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<Result<TestAnswer, String>>);
    let busy = RwSignal::new(false);
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = question.get_untracked();
        if q.trim().is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::send::<_, TestAnswer>(
                "POST",
                &current.path("/test-question"),
                &serde_json::json!({"question": q}),
            )
            .await;
            answer.set(Some(result.map_err(|e| e.message)));
            busy.set(false);
        });
    };
    view! {
        <section class="card test" aria-labelledby="test-title">
            <h2 id="test-title">"Test a question"</h2>
            <form on:submit=ask class="ask">
                <TextField label="Question" name="test-question" value=question placeholder="When are you open?"/>
                <button type="submit" class="button primary" data-testid="ask" disabled=move || busy.get()>
                    {move || if busy.get() { "Asking…" } else { "Ask" }}
                </button>
            </form>
            {move || answer.get().map(|a| match a {
                Ok(a) => view! { <TestResult answer=a/> }.into_any(),
                Err(e) => view! { <p class="outcome error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

/// A test question's answer: the reply, how it was judged, the passages found.
#[component]
pub fn TestResult(answer: TestAnswer) -> impl IntoView {
    let failed = answer.error.is_some();
    let curated = answer.passages.first().is_some_and(|p| p.curated && p.used);
    let judged = if failed {
        "No answer: the responder failed (above).".to_owned()
    } else if answer.fell_back {
        "No answer in the knowledge: the bot said it does not know.".to_owned()
    } else if curated {
        "Answered with a curated answer, as written.".to_owned()
    } else {
        format!(
            "Answered · {}% of it found in the passages",
            answer.evaluation.support
        )
    };
    let cost = match (
        &answer.model,
        answer.prompt_tokens,
        answer.completion_tokens,
    ) {
        (Some(model), Some(p), Some(c)) => format!(
            "{} · {model} · {p} + {c} tokens · {} ms",
            answer.responder, answer.elapsed_ms
        ),
        _ => format!("{} · {} ms", answer.responder, answer.elapsed_ms),
    };
    view! {
        <div class="test-result" data-testid="test-result" aria-live="polite">
            {answer.error.clone().map(|e| view! { <p class="outcome error" role="alert" data-testid="test-error">{e}</p> })}
            <blockquote class="reply md" data-testid="test-reply">{render(&answer.reply)}</blockquote>
            <p class="pill" class:off=answer.fell_back || failed data-testid="test-judged">{judged}</p>
            <p class="hint">{cost}</p>
            <h3>"Passages found"</h3>
            {if answer.passages.is_empty() {
                view! { <p class="hint">"None: nothing in the knowledge matches the question's words."</p> }.into_any()
            } else {
                view! {
                    <ol class="passages" data-testid="passages">
                        {answer.passages.into_iter().map(|p| view! {
                            <li class:used=p.used data-testid="passage">
                                <strong>{p.title}</strong>
                                {(!p.url.is_empty()).then(|| view! {
                                    " "
                                    <a class="passage-link" href=p.url.clone() target="_blank"
                                        rel="noopener noreferrer" data-testid="passage-link">{p.url.clone()}</a>
                                })}
                                {p.curated.then_some(view! { <span class="badge" data-testid="curated-badge">"curated answer"</span> })}
                                {p.used.then_some(view! { <span class="badge">"used"</span> })}
                                <p>{p.text}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_says_its_title_and_format() {
        assert_eq!(format_of("FAQ.md"), "markdown");
        assert_eq!(format_of("shipping.HTML"), "html");
        assert_eq!(format_of("notes.txt"), "text");
        assert_eq!(format_of("Price list.PDF"), "pdf");
        assert_eq!(format_of("handbook.docx"), "docx");
        assert_eq!(title_of("opening_hours.md"), "opening hours");
        assert_eq!(title_of("README"), "README");
    }
}

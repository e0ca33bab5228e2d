//! AI: which responder answers (the built-in one, any OpenAI-compatible API, or Workers AI),
//! its model, address, key secret, instructions, temperature and reply length; where the
//! embeddings that find answers by meaning come from; and a test that runs one question with
//! these settings — saved or not — and shows the answer or, in plain words, what the provider
//! said.

use super::Current;
use super::form::{Draft, Kind};
use super::knowledge::TestResult;
use crate::api;
use crate::components::fields::{Select, TextField};
use crate::components::status::OutcomeLine;
use leptos::prelude::*;
use porthole_shared::admin::TestAnswer;

/// The AI tab.
#[component]
pub fn AiSettings() -> impl IntoView {
    let current = expect_context::<Current>();
    let saved = current.saved();
    let draft = Draft::new(&saved.get_untracked());
    let responder = draft.field("/ai/responder", Kind::Text);
    let model = draft.field("/ai/model", Kind::Text);
    let base_url = draft.field("/ai/base_url", Kind::Text);
    let secret = draft.field("/ai/api_key_secret", Kind::Text);
    let prompt = draft.field("/ai/system_prompt", Kind::Text);
    let temperature = draft.field("/ai/temperature", Kind::Number);
    let max_tokens = draft.field("/ai/max_tokens", Kind::Number);
    let embedder = draft.field("/ai/embeddings/provider", Kind::Text);
    let embed_model = draft.field("/ai/embeddings/model", Kind::Text);
    let embed_url = draft.field("/ai/embeddings/base_url", Kind::Text);
    let embed_secret = draft.field("/ai/embeddings/api_key_secret", Kind::Text);
    let embed_openai = move || embedder.text.get() == "openai";
    let llm = move || responder.text.get() != "extractive";
    let openai = move || responder.text.get() == "openai";
    let saving = draft.saving();
    let save = draft.submit(current, "Saved.", saving);
    // The test runs the draft's AI settings (sent whole, so what is tried is what is shown).
    let question = RwSignal::new("What are your opening hours?".to_owned());
    let answer = RwSignal::new(None::<Result<TestAnswer, String>>);
    let testing = RwSignal::new(false);
    let test = {
        let draft = draft.clone();
        move |_| {
            let Some(config) = draft.applied(&saved.get_untracked()) else {
                answer.set(Some(Err("Fix the fields marked in red first.".into())));
                return;
            };
            let mut ai = serde_json::to_value(&config.ai).unwrap_or_default();
            // Only what the patch type accepts.
            if let Some(map) = ai.as_object_mut() {
                map.retain(|k, _| {
                    [
                        "responder",
                        "model",
                        "base_url",
                        "api_key_secret",
                        "system_prompt",
                        "temperature",
                        "max_tokens",
                    ]
                    .contains(&k.as_str())
                });
            }
            let body = serde_json::json!({"question": question.get_untracked(), "ai": ai});
            testing.set(true);
            answer.set(None);
            leptos::task::spawn_local(async move {
                let result =
                    api::send::<_, TestAnswer>("POST", &current.path("/test-question"), &body)
                        .await;
                answer.set(Some(result.map_err(|e| e.message)));
                testing.set(false);
            });
        }
    };
    view! {
        <div class="split">
            <form class="settings" on:submit=save data-testid="ai-form">
                <fieldset class="card">
                    <legend>"Responder"</legend>
                    <Select label="Who writes the replies" name="responder" value=responder.text error=responder.error()
                        options=vec![
                            ("extractive".into(), "Built in: quotes your knowledge (no key, no cost)".into()),
                            ("openai".into(), "An OpenAI-compatible API (OpenAI, Groq, Together, Ollama…)".into()),
                            ("workers-ai".into(), "Cloudflare Workers AI".into()),
                        ]/>
                    <Show when=llm>
                        <TextField label="Model" name="model" value=model.text error=model.error()
                            placeholder="gpt-4o-mini" hint="Empty: the responder's default."/>
                    </Show>
                    <Show when=openai>
                        <TextField label="API address" name="base_url" value=base_url.text error=base_url.error() kind="url"
                            placeholder="https://api.openai.com/v1" hint="Any OpenAI-compatible API. Empty: OpenAI's."/>
                        <TextField label="Secret holding the key" name="api_key_secret" value=secret.text error=secret.error()
                            placeholder="OPENAI_API_KEY"
                            hint="The key itself lives only in the service's secrets: npx wrangler secret put OPENAI_API_KEY (or AI_KEY_<NAME>)."/>
                    </Show>
                    <Show when=llm>
                        <TextField label="Instructions (system prompt)" name="system_prompt" value=prompt.text error=prompt.error() rows=6
                            hint="Empty: keep to the knowledge, cite sources, admit what it does not know."/>
                        <div class="row">
                            <TextField label="Temperature" name="temperature" value=temperature.text error=temperature.error()
                                hint="0 to 2: lower is steadier."/>
                            <TextField label="Longest reply (tokens)" name="max_tokens" value=max_tokens.text error=max_tokens.error()
                                hint="16 to 4096."/>
                        </div>
                    </Show>
                </fieldset>
                <fieldset class="card">
                    <legend>"Finding answers"</legend>
                    <Select label="Embeddings (find a passage by what a question means, in any wording or language)" name="embeddings" value=embedder.text error=embedder.error()
                        options=vec![
                            ("auto".into(), "Automatic: Workers AI's bge-m3 on Cloudflare, or this service's EMBEDDINGS_URL".into()),
                            ("openai".into(), "An OpenAI-compatible embeddings API (OpenAI, Ollama, vLLM, TEI…)".into()),
                            ("workers-ai".into(), "Cloudflare Workers AI".into()),
                            ("off".into(), "Off: find passages by their words only".into()),
                        ]/>
                    <Show when=embed_openai>
                        <TextField label="Embedding model" name="embedding_model" value=embed_model.text error=embed_model.error()
                            placeholder="text-embedding-3-small" hint="A multilingual model answers visitors in every language."/>
                        <TextField label="API address" name="embedding_base_url" value=embed_url.text error=embed_url.error() kind="url"
                            placeholder="https://api.openai.com/v1" hint="Empty: OpenAI's."/>
                        <TextField label="Secret holding the key" name="embedding_api_key_secret" value=embed_secret.text error=embed_secret.error()
                            placeholder="OPENAI_API_KEY"/>
                    </Show>
                    <p class="hint">"Changing the model embeds the knowledge again, in the background; until then, passages are found by their words."</p>
                </fieldset>
                <div class="save-bar">
                    <button type="submit" class="button primary" data-testid="save-ai"
                        disabled=move || !saving.dirty.get() || saving.busy.get()>"Save changes"</button>
                    <OutcomeLine outcome=saving.outcome/>
                </div>
            </form>
            <aside class="side">
                <section class="card test" aria-labelledby="ai-test-title">
                    <h2 id="ai-test-title">"Test these settings"</h2>
                    <p class="hint">"Runs one question with the settings on the left, saved or not. An API's tokens count in the bot's usage."</p>
                    <TextField label="Question" name="ai-question" value=question/>
                    <button type="button" class="button primary" data-testid="test-ai" on:click=test disabled=move || testing.get()>
                        {move || if testing.get() { "Asking…" } else { "Run test" }}
                    </button>
                    {move || answer.get().map(|a| match a {
                        Ok(a) => view! { <TestResult answer=a/> }.into_any(),
                        Err(e) => view! { <p class="outcome error" role="alert">{e}</p> }.into_any(),
                    })}
                </section>
            </aside>
        </div>
    }
}

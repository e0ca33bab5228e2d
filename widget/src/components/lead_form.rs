//! The lead form: the contact details the bot asks for (email, phone, name), with the service's
//! refusal shown inline, and "not now" unless the owner requires it; outside business hours,
//! the "leave a message" form; asked from the menu, where to email the conversation.

use crate::api::ContactFields;
use crate::controller::{LeadAsk, Widget};
use leptos::prelude::*;
use porthole_shared::config::LeadField;

/// The form (nothing when it is not asked for).
#[component]
pub fn LeadForm() -> impl IntoView {
    let widget = expect_context::<Widget>();
    let strings = widget.strings();
    let settings = widget.lead_settings();
    let lead = widget.lead();
    let transcript = widget.transcript();
    let values = RwSignal::new(ContactFields::default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if transcript.get_untracked() {
            let email = values.with_untracked(|v| v.email.clone().unwrap_or_default());
            widget.send_transcript(email.trim().to_owned());
            return;
        }
        values.with_untracked(|v| {
            widget.send_lead(ContactFields {
                email: v.email.clone().filter(|s| !s.trim().is_empty()),
                phone: v.phone.clone().filter(|s| !s.trim().is_empty()),
                name: v.name.clone().filter(|s| !s.trim().is_empty()),
            })
        });
    };
    let prompt = if settings.prompt.as_str().is_empty() {
        strings.lead_prompt.to_owned()
    } else {
        settings.prompt.as_str().to_owned()
    };
    let fields = settings.fields.list().to_vec();
    let required = settings.required;
    // Outside business hours the form is how a visitor leaves a message: an email to answer
    // (and a name) whatever the bot asks for otherwise, and never required.
    let leaving = widget.leaving();
    let away_fields = {
        let mut list = vec![LeadField::Email, LeadField::Name];
        list.extend(
            fields
                .iter()
                .filter(|f| !list.contains(f))
                .copied()
                .collect::<Vec<_>>(),
        );
        list
    };
    move || {
        let (prompt, fields, required) = if transcript.get() {
            (
                strings.transcript_prompt.to_owned(),
                vec![LeadField::Email],
                false,
            )
        } else if leaving.get() {
            (strings.away_prompt.to_owned(), away_fields.clone(), false)
        } else {
            (prompt.clone(), fields.clone(), required)
        };
        match lead.get() {
            LeadAsk::Hidden => None,
            LeadAsk::Thanks => Some(
                view! { <div class="ph-card" data-testid="lead-thanks" role="status">
                    {if transcript.get() { strings.transcript_sent } else { strings.lead_thanks }}
                </div> }
                .into_any(),
            ),
            LeadAsk::Open(error) => {
                let inputs = fields
                .iter()
                .map(|field| {
                    let (label, kind, autocomplete) = match field {
                        LeadField::Email => (strings.lead_email, "email", "email"),
                        LeadField::Phone => (strings.lead_phone, "tel", "tel"),
                        LeadField::Name => (strings.lead_name, "text", "name"),
                    };
                    let field = *field;
                    let on_input = move |ev: leptos::ev::Event| {
                        let value = Some(event_target_value(&ev));
                        values.update(|v| match field {
                            LeadField::Email => v.email = value,
                            LeadField::Phone => v.phone = value,
                            LeadField::Name => v.name = value,
                        });
                    };
                    view! {
                        <label class="ph-field">
                            <span>{label}</span>
                            <input type=kind autocomplete=autocomplete data-testid=format!("lead-{kind}")
                                on:input=on_input/>
                        </label>
                    }
                })
                .collect_view();
                Some(
                view! {
                    <form class="ph-card" data-testid="lead-form" on:submit=on_submit>
                        <p class="ph-card-title">{prompt.clone()}</p>
                        {inputs}
                        {error.map(|e| view! { <p class="ph-form-error" role="alert">{e}</p> })}
                        <div class="ph-card-actions">
                            <button type="submit" class="ph-button">{strings.lead_send}</button>
                            {(!required).then(|| view! {
                                <button type="button" class="ph-retry" data-testid="lead-skip"
                                    on:click=move |_| widget.skip_lead()>{strings.lead_skip}</button>
                            })}
                        </div>
                    </form>
                }
                .into_any(),
            )
            }
        }
    }
}

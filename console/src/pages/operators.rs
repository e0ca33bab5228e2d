//! Operators (owners only): who may sign in, as an owner (everything) or an agent (the
//! conversations of the bots they are given); adding one, changing their role and bots, and
//! removing them after a confirmation.

use crate::api;
use crate::bots::Bots;
use crate::components::copy::CopyButton;
use crate::components::dialog::Confirm;
use crate::components::fields::{Select, TextField, Toggle};
use crate::components::status::{Empty, Loading, Outcome, OutcomeLine};
use crate::format;
use crate::validate;
use leptos::prelude::*;
use porthole_shared::operators::{
    InvitationResponse, NewInvitation, NewOperator, Operator, OperatorList, OperatorPatch,
    OperatorResponse, OperatorRole,
};

/// The operators page.
#[component]
pub fn OperatorsPage() -> impl IntoView {
    let owner = Memo::new(move |_| crate::session::auth().is_owner());
    let operators = RwSignal::new(None::<Vec<Operator>>);
    // Why the list could not be read (an agent may not: the service answers 403).
    let refused = RwSignal::new(None::<String>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::get::<OperatorList>("/api/admin/operators").await {
                Ok(list) => operators.set(Some(list.operators)),
                Err(e) => refused.set(Some(e.message)),
            }
        });
    };
    // Once the session says who is signed in (it may still be loading).
    Effect::new(move |_| {
        if owner.get() {
            reload();
        }
    });
    view! {
        <section class="page">
            <header class="page-head"><h1>"Operators"</h1></header>
            <p class="hint">"Owners manage everything. Agents answer the visitors of the bots they are given."</p>
            <Show when=move || owner.get() fallback=|| view! { <p class="outcome warn" data-testid="owners-only">"Only an owner manages operators."</p> }>
            {move || refused.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> })}
            <NewOperatorForm on_added=Callback::new(move |_| reload())/>
            <Show when=move || operators.with(|o| o.is_some()) fallback=move || refused.with(Option::is_none).then(|| view! { <Loading/> })>
                <Show when=move || operators.with(|o| o.as_ref().is_some_and(|o| o.is_empty()))>
                    <Empty>"No operators yet. Until you add one, only the admin token signs in, and visitors are not offered a person."</Empty>
                </Show>
                <ul class="cards" data-testid="operators">
                    <For each=move || operators.get().unwrap_or_default() key=|o| (o.id.clone(), o.role, o.bots.clone()) let:op>
                        <OperatorCard op on_changed=Callback::new(move |_| reload())/>
                    </For>
                </ul>
            </Show>
            </Show>
        </section>
    }
}

/// Checkboxes for the bots an agent may see (a comma-separated list of tokens).
#[component]
fn BotChoice(chosen: RwSignal<Vec<String>>, name: &'static str) -> impl IntoView {
    let bots = expect_context::<Bots>();
    view! {
        <fieldset class="field inline">
            <legend>"Bots they answer"</legend>
            {move || bots.labels().into_iter().map(|(token, label)| {
                let has = {
                    let token = token.clone();
                    move || chosen.with(|c| c.contains(&token))
                };
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("{name}-bot") data-token=token.clone() prop:checked=has
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let token = token.clone();
                                chosen.update(|c| {
                                    c.retain(|t| *t != token);
                                    if on {
                                        c.push(token);
                                    }
                                });
                            }/>
                        {label}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn role_options() -> Vec<(String, String)> {
    vec![
        ("agent".into(), "Agent".into()),
        ("owner".into(), "Owner".into()),
    ]
}

#[component]
fn NewOperatorForm(on_added: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new("agent".to_owned());
    let chosen = RwSignal::new(Vec::<String>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    // Invite by email (they choose their password) instead of giving one.
    let invite = RwSignal::new(false);
    // The last invitation's link, for the owner to pass on.
    let link = RwSignal::new(None::<String>);
    let field_error = move |field: &'static str, value: RwSignal<String>| {
        Signal::derive(move || {
            let v = value.get();
            if v.is_empty() {
                return None;
            }
            let mut body =
                serde_json::json!({"name": "N", "email": "a@b.co", "password": "0123456789"});
            body[field] = v.into();
            validate::check::<NewOperator>(body)
        })
    };
    let name_error = field_error("name", name);
    let email_error = field_error("email", email);
    let password_error = field_error("password", password);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A field that shows its error already is not told again below the form.
        let inviting = invite.get_untracked();
        let shown = [name_error, email_error]
            .iter()
            .chain((!inviting).then_some(&password_error))
            .any(|e| e.with_untracked(Option::is_some));
        if shown {
            outcome.set(Some(Outcome::Failed(
                "Not added: correct the field marked above.".into(),
            )));
            return;
        }
        link.set(None);
        if inviting {
            let mut body = serde_json::json!({
                "email": email.get_untracked(), "role": role.get_untracked(), "bots": chosen.get_untracked(),
            });
            if !name.with_untracked(String::is_empty) {
                body["name"] = name.get_untracked().into();
            }
            if let Some(e) = validate::check::<NewInvitation>(body.clone()) {
                outcome.set(Some(Outcome::Failed(e)));
                return;
            }
            leptos::task::spawn_local(async move {
                let path = "/api/admin/operators/invitations";
                match api::send::<_, InvitationResponse>("POST", path, &body).await {
                    Ok(sent) => {
                        let to = &sent.invitation.email;
                        outcome.set(Some(Outcome::Done(if sent.emailed {
                            format!("Invitation emailed to {to}. The link below works for 7 days.")
                        } else {
                            format!("This deployment sends no email: send {to} the link below yourself (it works for 7 days).")
                        })));
                        link.set(Some(sent.invitation.link));
                        name.set(String::new());
                        email.set(String::new());
                        chosen.set(Vec::new());
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
            return;
        }
        let body = serde_json::json!({
            "name": name.get_untracked(), "email": email.get_untracked(), "password": password.get_untracked(),
            "role": role.get_untracked(), "bots": chosen.get_untracked(),
        });
        if let Some(e) = validate::check::<NewOperator>(body.clone()) {
            outcome.set(Some(Outcome::Failed(e)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::send::<_, OperatorResponse>("POST", "/api/admin/operators", &body).await {
                Ok(added) => {
                    outcome.set(Some(Outcome::Done(format!(
                        "{} can sign in now with {}.",
                        added.operator.name, added.operator.email
                    ))));
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    chosen.set(Vec::new());
                    on_added.run(());
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
            }
        });
    };
    view! {
        <form class="card" on:submit=add data-testid="new-operator">
            <h2>"Add an operator"</h2>
            <div class="row">
                <TextField label="Name" name="op-name" value=name error=name_error hint="Visitors see it beside their replies."/>
                <TextField label="Email" name="op-email" value=email error=email_error kind="email" autocomplete="off"/>
                <Show when=move || !invite.get()>
                    <TextField label="Password" name="op-password" value=password error=password_error
                        kind="password" autocomplete="new-password" hint="10 characters or more. Share it with them safely."/>
                </Show>
            </div>
            <Toggle label="Invite by email: they choose their own password" name="op-invite" value=invite
                hint="They get a link to join (7 days). Off: you choose a password and tell them."/>
            <Select label="Role" name="op-role" value=role options=role_options()/>
            <Show when=move || role.get() == "agent">
                <BotChoice chosen name="new"/>
            </Show>
            <button type="submit" class="button primary" data-testid="add-operator">
                {move || if invite.get() { "Send invitation" } else { "Add operator" }}
            </button>
            <OutcomeLine outcome/>
            {move || link.get().map(|l| view! {
                <p class="invite-link" data-testid="invite-link"><code>{l.clone()}</code> <CopyButton text=l/></p>
            })}
        </form>
    }
}

#[component]
fn OperatorCard(op: Operator, on_changed: Callback<()>) -> impl IntoView {
    let bots = expect_context::<Bots>();
    let role = RwSignal::new(
        if op.role == OperatorRole::Owner {
            "owner"
        } else {
            "agent"
        }
        .to_owned(),
    );
    let chosen = RwSignal::new(op.bots.clone());
    let outcome = RwSignal::new(None::<Outcome>);
    let confirming = RwSignal::new(false);
    let path = format!("/api/admin/operators/{}", op.id);
    let save = {
        let path = path.clone();
        move |_| {
            let body =
                serde_json::json!({"role": role.get_untracked(), "bots": chosen.get_untracked()});
            if let Some(e) = validate::check::<OperatorPatch>(body.clone()) {
                outcome.set(Some(Outcome::Failed(e)));
                return;
            }
            let path = path.clone();
            leptos::task::spawn_local(async move {
                match api::send::<_, OperatorResponse>("PATCH", &path, &body).await {
                    Ok(_) => {
                        outcome.set(Some(Outcome::Done(
                            "Saved: it applies at their next sign-in or renewal.".into(),
                        )));
                        on_changed.run(());
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    };
    let remove = Callback::new({
        let path = path.clone();
        move |_| {
            let path = path.clone();
            leptos::task::spawn_local(async move {
                match api::delete(&path).await {
                    Ok(()) => on_changed.run(()),
                    Err(e) => outcome.set(Some(Outcome::Failed(e.message))),
                }
            });
        }
    });
    let names = move || {
        let list: Vec<String> = chosen.get().iter().map(|t| bots.label(t)).collect();
        if list.is_empty() {
            "No bots".to_owned()
        } else {
            list.join(", ")
        }
    };
    let name = op.name.clone();
    view! {
        <li class="card" data-testid="operator" data-email=op.email.clone()>
            <h2>{op.name.clone()}</h2>
            <p class="hint">{op.email.clone()} " · added " {format::iso(Some(&op.created_at))}</p>
            <Select label="Role" name="role" value=role options=role_options()/>
            <Show when=move || role.get() == "agent">
                <p class="hint">{names}</p>
                <BotChoice chosen name="edit"/>
            </Show>
            <div class="actions">
                <button type="button" class="button" data-testid="save-operator" on:click=save>"Save"</button>
                <button type="button" class="button danger-outline" data-testid="remove-operator"
                    on:click=move |_| confirming.set(true)>"Remove"</button>
            </div>
            <OutcomeLine outcome/>
            <Confirm open=confirming title=format!("Remove {name}?")
                message="They can no longer sign in; their replies stay in the conversations."
                confirm=format!("Remove {name}") on_confirm=remove/>
        </li>
    }
}

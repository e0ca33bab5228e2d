//! The console's root: the session, the theme, the live connection, the bots list, the
//! resolved conversations and the unsaved-edits guard in the context, and the routes.

use crate::bots::Bots;
use crate::components::leave::Unsaved;
use crate::components::shell::Shell;
use crate::live::Live;
use crate::pages::{
    accept::AcceptInvitation, bot::BotPage, bots::BotsPage, inbox::InboxPage, login::Login,
    operators::OperatorsPage, profile::ProfilePage, replies::RepliesPage, setup::Setup,
};
use crate::{session, theme};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let auth = session::auth();
    provide_context(theme::init());
    let live = Live::new();
    provide_context(live);
    let bots = Bots::new(live);
    provide_context(bots);
    // Before any page listens, so a page hears an event after the resolved notes took it.
    Unsaved::install();
    session::keep_alive();
    let signed_in = Memo::new(move |_| auth.session.with(|s| s.is_some()));
    Effect::new(move |_| {
        if signed_in.get() {
            live.start();
            bots.reload();
        } else {
            live.stop();
            bots.list.set(Vec::new());
            bots.loaded.set(false);
        }
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"No such page. " <a href="/console">"Back to the console"</a></p> }>
                <Route path=path!("/console/login") view=Login/>
                <Route path=path!("/console/accept") view=AcceptInvitation/>
                <Route path=path!("/console/setup") view=Setup/>
                <ParentRoute path=path!("/console") view=Shell>
                    <Route path=path!("") view=BotsPage/>
                    <Route path=path!("bots/:token") view=BotPage/>
                    <Route path=path!("bots/:token/:tab") view=BotPage/>
                    <Route path=path!("inbox") view=InboxPage/>
                    <Route path=path!("inbox/:token/:chat") view=InboxPage/>
                    <Route path=path!("operators") view=OperatorsPage/>
                    <Route path=path!("replies") view=RepliesPage/>
                    <Route path=path!("profile") view=ProfilePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

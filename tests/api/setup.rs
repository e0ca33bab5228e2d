//! A deployment's first visit (edge/src/routes/setup.rs) on a server started the way a fresh
//! `wrangler deploy` leaves one: no `ADMIN_TOKEN`, no `JWT_SECRET`, and the setup code's digest
//! among its static assets. The owner chooses the admin token once with the link's code; the
//! deployment then signs its dashboard sessions with a secret it made itself.

use crate::helpers::assert_error;
use porthole_tests::client::Sent;
use porthole_tests::server::Server;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CODE: &str = "dq_YcOwCsnwWFKDNKgNnVRouGQiQyVxD";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";

/// A directory of static assets holding what a deploy's build writes: `api/setup.sha256`
/// (none when `code` is none).
fn assets(code: Option<&str>) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "porthole-setup-assets-{}-{}",
        std::process::id(),
        code.is_some()
    ));
    std::fs::create_dir_all(dir.join("api")).expect("assets");
    std::fs::write(dir.join("index.txt"), "assets").expect("assets");
    if let Some(code) = code {
        let digest = porthole_shared::ids::hex(&Sha256::digest(code.as_bytes()));
        std::fs::write(dir.join("api/setup.sha256"), digest).expect("digest");
    }
    dir
}

async fn start(code: Option<&str>) -> Server {
    let dir = assets(code);
    tokio::task::spawn_blocking(move || Server::start_unset_up(&dir))
        .await
        .expect("server")
}

async fn setup(client: &reqwest::Client, base: &str, body: Value) -> reqwest::Response {
    client
        .post(format!("{base}/api/auth/setup"))
        .json(&body)
        .sent()
        .await
        .expect("setup")
}

async fn needed(client: &reqwest::Client, base: &str) -> bool {
    let status: Value = client
        .get(format!("{base}/api/auth/setup"))
        .sent()
        .await
        .expect("status")
        .json()
        .await
        .expect("json");
    status["needed"].as_bool().expect("needed")
}

#[tokio::test]
async fn the_owner_chooses_the_admin_token_once_with_the_deploys_link() {
    let server = start(Some(CODE)).await;
    let (client, base) = (reqwest::Client::new(), server.base.as_str());
    assert!(needed(&client, base).await);
    // The digest is among the assets but never served.
    let served = client
        .get(format!("{base}/api/setup.sha256"))
        .sent()
        .await
        .expect("get");
    assert_eq!(served.status(), 404);
    // No credential opens anything before the setup.
    let admin = |token: &str| {
        client
            .get(format!("{base}/api/admin/bots"))
            .bearer_auth(token)
            .sent()
    };
    assert_error(admin(TOKEN).await.expect("admin"), 401, "unauthorized").await;

    // Refusals, and nothing kept.
    let wrong = setup(
        &client,
        base,
        json!({"code": "not-the-code", "admin_token": TOKEN}),
    )
    .await;
    assert_error(wrong, 401, "unauthorized").await;
    let short = setup(
        &client,
        base,
        json!({"code": CODE, "admin_token": "too-short"}),
    )
    .await;
    assert_error(short, 400, "invalid_field").await;
    let odd = setup(&client, base, json!({"code": CODE, "token": TOKEN})).await;
    assert_error(odd, 400, "invalid_field").await;
    let not_json = client
        .post(format!("{base}/api/auth/setup"))
        .body("{code")
        .sent()
        .await
        .expect("setup");
    assert_error(not_json, 400, "invalid_json").await;
    assert!(needed(&client, base).await);

    // The right code: the owner's token, from now on.
    let done = setup(&client, base, json!({"code": CODE, "admin_token": TOKEN})).await;
    assert_eq!(done.status(), 200);
    assert_eq!(done.json::<Value>().await.expect("json")["success"], true);
    assert!(!needed(&client, base).await);
    assert_eq!(admin(TOKEN).await.expect("admin").status(), 200);
    assert_error(admin(CODE).await.expect("admin"), 401, "unauthorized").await;
    // Once: the link is dead now, even with another token.
    let again = setup(
        &client,
        base,
        json!({"code": CODE, "admin_token": format!("{TOKEN}-other")}),
    )
    .await;
    assert_error(again, 409, "conflict").await;
    assert_eq!(admin(TOKEN).await.expect("admin").status(), 200);

    // Dashboard sessions are signed with the secret the deployment made itself.
    let session: Value = client
        .post(format!("{base}/api/auth/refresh"))
        .bearer_auth(TOKEN)
        .sent()
        .await
        .expect("refresh")
        .json()
        .await
        .expect("json");
    let jwt = session["token"].as_str().expect("a JWT");
    let me = client
        .get(format!("{base}/api/auth/me"))
        .bearer_auth(jwt)
        .sent()
        .await
        .expect("me");
    assert_eq!(me.status(), 200);
    // Another signature (its first character carries six whole bits of it).
    let (signed, signature) = jwt.rsplit_once('.').expect("three parts");
    let other = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{signed}.{other}{}", &signature[1..]);
    let refused = client
        .get(format!("{base}/api/auth/me"))
        .bearer_auth(tampered)
        .sent()
        .await
        .expect("me");
    assert_error(refused, 401, "unauthorized").await;
}

#[tokio::test]
async fn a_deployment_built_without_a_setup_link_says_to_set_the_secret() {
    let server = start(None).await;
    let (client, base) = (reqwest::Client::new(), server.base.as_str());
    assert!(needed(&client, base).await);
    let refused = setup(&client, base, json!({"code": CODE, "admin_token": TOKEN})).await;
    let body = assert_error(refused, 404, "not_found").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("ADMIN_TOKEN")),
        "{body}"
    );
}

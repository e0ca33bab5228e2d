//! The fake OpenAI-compatible provider as a program, for benchmarks: `fake-llm [PORT]` prints
//! `listening http://127.0.0.1:PORT/v1`, then one JSON line per finished request with its
//! timings (`received_ms`, `first_chunk_ms`, `done_ms`). See `porthole_tests::fake_llm`.

use porthole_tests::fake_llm::FakeLlm;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let fake = FakeLlm::start_on(port, |r| {
        let line = serde_json::json!({
            "model": r.body["model"], "received_ms": r.received_ms, "first_chunk_ms": r.first_chunk_ms, "done_ms": r.done_ms,
        });
        println!("{line}");
    })
    .await;
    println!("listening {}", fake.base_url);
    std::future::pending::<()>().await;
}

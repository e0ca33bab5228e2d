//! A short bad-input run as part of the API tests: 1,500 malformed requests made from the
//! OpenAPI document against a fresh `wrangler dev` (see `porthole_tests::fuzz`; `make fuzz`
//! sends 10,000). The seed is fixed so the run is the same each time; `FUZZ_SEED` picks another.

use porthole_tests::fuzz::{Plan, setup};
use porthole_tests::server::workspace_root;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifteen_hundred_malformed_requests_get_json_refusals_and_leave_the_demo_bot_alone() {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_260_401);
    let plan = Plan {
        seed,
        requests: 1_500,
        concurrency: 6,
        only: Vec::new(),
        out_dir: workspace_root().join("target/fuzz"),
    };
    let report = setup::run_fresh(&plan).await;
    let summary = report.summary(seed, 20);
    println!("{summary}");
    assert!(report.passed(), "{summary}");
}

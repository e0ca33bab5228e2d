//! `fuzz [--seed N] [--requests N] [--concurrency N] [--only I,J,…]`: starts a fresh `wrangler
//! dev`, seeds the demo bot, sends malformed requests made from the OpenAPI document (10,000 by
//! default) and checks every answer (see `porthole_tests::fuzz`). Prints the seed first and a
//! `curl` line for each failure; exits non-zero on any. `make fuzz` runs it.

use porthole_tests::fuzz::{Plan, setup};
use porthole_tests::server::workspace_root;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let mut plan = Plan {
        seed: std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(1)
            }),
        requests: 10_000,
        concurrency: 6,
        only: Vec::new(),
        out_dir: workspace_root().join("target/fuzz"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--seed" => plan.seed = number(&value()),
            "--requests" => plan.requests = number(&value()),
            "--concurrency" => plan.concurrency = number(&value()).max(1) as usize,
            "--only" => plan.only = value().split(',').map(number).collect(),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    println!(
        "fuzz: seed {} ({} requests, {} at a time; FUZZ_SEED={} or --seed {} repeats it)",
        plan.seed,
        if plan.only.is_empty() {
            plan.requests
        } else {
            plan.only.len() as u64
        },
        plan.concurrency,
        plan.seed,
        plan.seed
    );
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let report = runtime.block_on(setup::run_fresh(&plan));
    let outcomes = plan.out_dir.join(format!("seed{}-outcomes.tsv", plan.seed));
    if report.write_outcomes(&outcomes).is_ok() {
        println!("fuzz: every request's status is in {}", outcomes.display());
    }
    println!("{}", report.summary(plan.seed, 40));
    // Stops the server (atexit), then reports.
    std::process::exit(if report.passed() { 0 } else { 1 });
}

fn number(text: &str) -> u64 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| usage(&format!("not a number: {text}")))
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("fuzz: {problem}");
    }
    eprintln!("usage: fuzz [--seed N] [--requests N] [--concurrency N] [--only I,J,…]");
    std::process::exit(2);
}

//! Hook-path costs: what prepare-commit-msg / commit-msg / post-commit spend in this crate.
use criterion::{criterion_group, criterion_main, Criterion};
use provenance_attribution::chrono::{TimeZone, Utc};
use provenance_attribution::lines::{advance, attribute_file, baseline};
use provenance_attribution::note::Origin;
use provenance_attribution::{detect_env_vars, detect_message, SessionStore};
use std::hint::black_box;

fn env() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = (0..80)
        .map(|i| (format!("SOME_VAR_{i}"), format!("value-{i}")))
        .collect();
    v.push(("CLAUDECODE".into(), "1".into()));
    v.push(("CLAUDE_CODE_SESSION_ID".into(), "5f0c".into()));
    v
}

fn bench(c: &mut Criterion) {
    let vars = env();
    c.bench_function("detect_env_vars (82 vars)", |b| {
        b.iter(|| detect_env_vars(black_box(vars.clone())))
    });

    let trailers = vec![
        (
            "Signed-off-by".to_string(),
            "Jane <jane@example.com>".to_string(),
        ),
        (
            "Co-Authored-By".to_string(),
            "Claude Opus 4.6 <noreply@anthropic.com>".to_string(),
        ),
    ];
    let body = "feat: parser\n\nLonger body text.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n";
    c.bench_function("detect_message", |b| {
        b.iter(|| detect_message(black_box(&trailers), black_box(body)))
    });

    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::new(dir.path().to_path_buf());
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap();
    // 50 agent-hook sessions with unclaimed prompts, one active.
    for i in 0..50 {
        store
            .record_agent_prompt(
                "codex",
                &format!("thread-{i}"),
                None,
                &format!("prompt {i}"),
                now,
            )
            .unwrap();
    }
    store
        .start(
            "claude-code",
            Some("claude-opus-4-6"),
            Some("add parser"),
            now,
        )
        .unwrap();
    c.bench_function("sessions_for_commit (51 sessions)", |b| {
        b.iter(|| store.sessions_for_commit(None).unwrap())
    });

    let head: String = (0..500)
        .map(|i| format!("line {i} of the original file\n"))
        .collect();
    let mut ai = head.clone();
    ai.push_str(
        &(0..100)
            .map(|i| format!("    let v{i} = compute({i});\n"))
            .collect::<String>(),
    );
    let tracked = advance(&baseline(&head, Origin::Human), &ai, Origin::Ai, 1);
    let committed = ai.replace("compute(7)", "compute(8)");
    let added = provenance_attribution::lines::added_ranges(&head, &committed);
    c.bench_function("attribute_file (600 lines, 100 added)", |b| {
        b.iter(|| attribute_file(Some(black_box(&tracked)), &committed, &added))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

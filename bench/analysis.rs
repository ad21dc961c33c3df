//! What the corpus-wide analysis adds to a build: related incidents,
//! root-cause clustering and trends, timed in process on corpora that are
//! already loaded and parsed, with the memory they allocate on top of the
//! parsed corpus (a counting allocator: exact bytes, not RSS noise).
//!
//! Usage: `cargo bench --bench analysis -- CORPUS [CORPUS ...]` where each
//! CORPUS is a repository made by `bench/gen_corpus.py` (or any repository
//! Hindsight builds). `bench/analysis.sh` generates 1k/5k/10k and runs it.

use hindsight::analyze::{clusters, related, trends};
use hindsight::commands::corpus::{load_corpus, SourceArgs};
use hindsight::commands::progress::Progress;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts live heap bytes and their high-water mark.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn main() -> anyhow::Result<()> {
    let corpora: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if corpora.is_empty() {
        eprintln!(
            "usage: cargo bench --bench analysis -- CORPUS [CORPUS ...]  (see bench/analysis.sh)"
        );
        return Ok(());
    }
    println!(
        "{:>7} {:>9} {:>9} {:>9} {:>9} {:>11} {:>10}",
        "N", "related", "clusters", "trends", "total_s", "alloc_MiB", "clusters#"
    );
    for path in corpora {
        let args = SourceArgs {
            repo: path.clone().into(),
            ..Default::default()
        };
        let corpus = load_corpus(&args, None, &Progress::silent())?;
        let pms = &corpus.postmortems;
        let as_of = corpus.git.head_date.unwrap_or_default();
        let base = LIVE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let t0 = Instant::now();
        let rel = related::compute(pms);
        let t1 = Instant::now();
        let cl = clusters::compute(pms, &rel);
        let t2 = Instant::now();
        let tr = trends::compute(pms, &rel, &cl, as_of);
        let t3 = Instant::now();
        let peak = PEAK.load(Relaxed).saturating_sub(base);
        std::hint::black_box(&tr);
        println!(
            "{:>7} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>11.1} {:>10}",
            pms.len(),
            (t1 - t0).as_secs_f64(),
            (t2 - t1).as_secs_f64(),
            (t3 - t2).as_secs_f64(),
            (t3 - t0).as_secs_f64(),
            peak as f64 / MIB,
            cl.clusters.len()
        );
    }
    Ok(())
}

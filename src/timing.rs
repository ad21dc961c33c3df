//! Stage timings for slow-build diagnosis (`HINDSIGHT_TIMINGS=1`).

use std::time::Instant;

/// True when `HINDSIGHT_TIMINGS` is set.
fn on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HINDSIGHT_TIMINGS").is_some())
}

/// Prints how long a part of a stage took (since `since`) when timings are
/// on: for parts deep inside a stage, where no [`Stopwatch`] is at hand.
pub fn note(part: &str, since: Instant) {
    if on() {
        eprintln!("timing:   {part}: {:.3}s", since.elapsed().as_secs_f64());
    }
}

/// Prints how long each stage took when `HINDSIGHT_TIMINGS` is set: the
/// first thing to look at when a build is slow.
pub struct Stopwatch {
    on: bool,
    last: std::time::Instant,
    last_cpu: f64,
}

/// CPU seconds (user + system) the process has used so far, all threads:
/// next to wall time it shows how parallel a stage is.
fn cpu_seconds() -> f64 {
    rusage_seconds(libc::RUSAGE_SELF)
}

/// CPU seconds the calling thread has used so far (Linux; elsewhere the
/// whole process's).
pub fn thread_cpu_seconds() -> f64 {
    #[cfg(target_os = "linux")]
    let who = libc::RUSAGE_THREAD;
    #[cfg(not(target_os = "linux"))]
    let who = libc::RUSAGE_SELF;
    rusage_seconds(who)
}

fn rusage_seconds(who: libc::c_int) -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(who, &mut usage) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// [`note`] for work on a thread of its own, with the CPU time the thread
/// used since `cpu_since` ([`thread_cpu_seconds`]): its cost, which its wall
/// time overstates while it shares the cores with other work.
pub fn note_thread(part: &str, since: Instant, cpu_since: f64) {
    if on() {
        eprintln!(
            "timing:   {part}: {:.3}s (thread cpu {:.3}s)",
            since.elapsed().as_secs_f64(),
            thread_cpu_seconds() - cpu_since
        );
    }
}

impl Stopwatch {
    pub fn new() -> Self {
        let on = on();
        Stopwatch {
            on,
            last: std::time::Instant::now(),
            last_cpu: if on { cpu_seconds() } else { 0.0 },
        }
    }
    /// Reports the time since the previous lap.
    pub fn lap(&mut self, stage: &str) {
        if self.on {
            // Resident memory now (Linux), to see which stage holds memory.
            let rss_mib = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .map_or(0, |pages| pages * 4096 / (1024 * 1024));
            let cpu = cpu_seconds();
            eprintln!(
                "timing: {stage}: {:.3}s (cpu {:.3}s, rss {rss_mib} MiB)",
                self.last.elapsed().as_secs_f64(),
                cpu - self.last_cpu
            );
            self.last_cpu = cpu;
        }
        self.last = std::time::Instant::now();
    }
}

impl Default for Stopwatch {
    fn default() -> Self {
        Self::new()
    }
}

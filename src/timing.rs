//! Stage timings for slow-build diagnosis (`HINDSIGHT_TIMINGS=1`).
//!
//! The pipeline marks its work with `tracing` spans: a stage is an
//! `info_span!` (load, parse, related, render, …), a part inside one a
//! `debug_span!`. Nothing is recorded unless the CLI installs
//! [`TimingLayer`] (it does when `HINDSIGHT_TIMINGS` is set); then every
//! span prints one `timing:` line when it closes, so a slow build shows
//! where its time went. A stage's line has the process's CPU time over the
//! stage and its resident memory at the end (which stage holds memory); a
//! part's line the CPU time of the threads that entered it (its cost, which
//! its wall time overstates while it shares the cores with other work).
//! The benchmark scripts under `bench/` read these lines.

use std::time::Instant;
use tracing::span::{Attributes, Id};
use tracing::{Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// True when `HINDSIGHT_TIMINGS` is set.
pub fn requested() -> bool {
    std::env::var_os("HINDSIGHT_TIMINGS").is_some()
}

/// Installs [`TimingLayer`] as the process's subscriber. Returns false if
/// another subscriber was installed first.
pub fn install() -> bool {
    use tracing_subscriber::layer::SubscriberExt;
    let subscriber = tracing_subscriber::registry().with(TimingLayer::to_stderr());
    tracing::subscriber::set_global_default(subscriber).is_ok()
}

/// Prints each span's wall time when it closes (see the module docs).
pub struct TimingLayer {
    sink: Box<dyn Fn(String) + Send + Sync>,
}

impl TimingLayer {
    /// A layer that prints its lines to standard error.
    pub fn to_stderr() -> Self {
        TimingLayer {
            sink: Box::new(|line| eprintln!("{line}")),
        }
    }
}

/// What a span has measured so far.
struct Measure {
    started: Instant,
    /// The process's CPU seconds when the span was created.
    cpu_at_start: f64,
    /// CPU seconds of the threads while they were inside the span.
    thread_cpu: f64,
    /// The entering thread's CPU seconds at the last enter.
    entered_at: Option<f64>,
    /// The span's `what` field, printed in parentheses after its name.
    what: Option<String>,
}

/// Reads the `what` field of a span.
struct What(Option<String>);

impl tracing::field::Visit for What {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "what" {
            self.0 = Some(value.to_string());
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "what" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S> Layer<S> for TimingLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut what = What(None);
        attrs.record(&mut what);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Measure {
                started: Instant::now(),
                cpu_at_start: cpu_seconds(),
                thread_cpu: 0.0,
                entered_at: None,
                what: what.0,
            });
        }
    }

    fn on_record(&self, id: &Id, values: &tracing::span::Record<'_>, ctx: Context<'_, S>) {
        let mut what = What(None);
        values.record(&mut what);
        if let (Some(span), Some(w)) = (ctx.span(id), what.0) {
            if let Some(m) = span.extensions_mut().get_mut::<Measure>() {
                m.what = Some(w);
            }
        }
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(m) = span.extensions_mut().get_mut::<Measure>() {
                m.entered_at = Some(thread_cpu_seconds());
            }
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(m) = span.extensions_mut().get_mut::<Measure>() {
                if let Some(at) = m.entered_at.take() {
                    m.thread_cpu += thread_cpu_seconds() - at;
                }
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let ext = span.extensions();
        let Some(m) = ext.get::<Measure>() else {
            return;
        };
        let name = match &m.what {
            Some(what) => format!("{} ({what})", span.name()),
            None => span.name().to_string(),
        };
        let wall = m.started.elapsed().as_secs_f64();
        // INFO and above are stages, DEBUG and below their parts.
        let line = if *span.metadata().level() <= Level::INFO {
            let cpu = cpu_seconds() - m.cpu_at_start;
            format!(
                "timing: {name}: {wall:.3}s (cpu {cpu:.3}s, rss {} MiB)",
                rss_mib()
            )
        } else {
            format!(
                "timing:   {name}: {wall:.3}s (thread cpu {:.3}s)",
                m.thread_cpu
            )
        };
        (self.sink)(line);
    }
}

/// Resident memory now (Linux; 0 elsewhere).
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

/// CPU seconds (user + system) the process has used so far, all threads:
/// next to wall time it shows how parallel a stage is.
fn cpu_seconds() -> f64 {
    rusage_seconds(libc::RUSAGE_SELF)
}

/// CPU seconds the calling thread has used so far (Linux; elsewhere the
/// whole process's).
fn thread_cpu_seconds() -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    #[test]
    fn each_span_prints_one_line_when_it_closes() {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&lines);
        let layer = TimingLayer {
            sink: Box::new(move |l| seen.lock().unwrap().push(l)),
        };
        let subscriber = tracing_subscriber::registry().with(layer);
        tracing::subscriber::with_default(subscriber, || {
            let _stage = tracing::info_span!("load").entered();
            let part = tracing::debug_span!("history walk", what = "beside loading");
            // Entered twice: its thread CPU time adds up over both.
            part.in_scope(|| std::hint::black_box((0..1000u64).sum::<u64>()));
            part.in_scope(|| std::hint::black_box((0..1000u64).sum::<u64>()));
        });
        let lines = lines.lock().unwrap();
        assert_eq!(lines.len(), 2, "{lines:?}");
        let (part, stage) = (&lines[0], &lines[1]);
        assert!(
            part.starts_with("timing:   history walk (beside loading): ")
                && part.contains("s (thread cpu "),
            "{part}"
        );
        assert!(
            stage.starts_with("timing: load: ") && stage.contains(" MiB)"),
            "{stage}"
        );
    }
}

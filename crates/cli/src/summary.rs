//! What a run tells the person who started it: a progress line while it runs, one summary line
//! at the end.

use crate::sinks::Entry;
use juesuan_model::Status;
use std::io::Write;
use std::time::{Duration, Instant};

/// Counts over every entry of a run.
#[derive(Default)]
pub struct Tally {
    pub files: usize,
    pub ok: usize,
    pub partial: usize,
    pub no_text: usize,
    pub failed: usize,
    pub facts: usize,
    pub held: usize,
    pub checked: usize,
}

impl Tally {
    pub fn add(&mut self, entry: &Entry) {
        let line = &entry.line;
        self.files += 1;
        match line.status {
            Status::Ok => self.ok += 1,
            Status::Partial => self.partial += 1,
            Status::NoText => self.no_text += 1,
            Status::Failed => self.failed += 1,
        }
        self.facts += line.facts;
        self.held += line.identities_passed;
        self.checked += line.identities_passed + line.identities_failed;
    }

    /// `juesuan: 88 files: 88 ok, 0 partial, 0 no text, 0 failed; 21635 facts; …`
    pub fn line(&self, elapsed: Duration) -> String {
        format!(
            "juesuan: {} files: {} ok, {} partial, {} no text, {} failed; {} facts; identities held {}/{}; {:.1}s",
            self.files,
            self.ok,
            self.partial,
            self.no_text,
            self.failed,
            self.facts,
            self.held,
            self.checked,
            elapsed.as_secs_f32()
        )
    }
}

/// `[n/total] 12.3s name` on stderr, redrawn at most ten times a second, erased at the end.
pub struct Progress {
    enabled: bool,
    total: usize,
    started: Instant,
    drawn: Option<Instant>,
    width: usize,
}

impl Progress {
    pub fn new(enabled: bool, total: usize) -> Self {
        Progress {
            enabled,
            total,
            started: Instant::now(),
            drawn: None,
            width: 0,
        }
    }

    pub fn update(&mut self, done: usize, doc: &str) {
        if !self.enabled
            || (done < self.total
                && self
                    .drawn
                    .is_some_and(|t| t.elapsed() < Duration::from_millis(100)))
        {
            return;
        }
        let line = format!(
            "[{done}/{}] {:.1}s {}",
            self.total,
            self.started.elapsed().as_secs_f32(),
            tail(doc, 60)
        );
        let width = display_width(&line);
        let pad = self.width.saturating_sub(width);
        eprint!("\r{line}{}", " ".repeat(pad));
        let _ = std::io::stderr().flush();
        self.width = width;
        self.drawn = Some(Instant::now());
    }

    /// Erase the line, so the summary stands alone.
    pub fn clear(&mut self) {
        if self.enabled && self.drawn.is_some() {
            eprint!("\r{}\r", " ".repeat(self.width));
            self.drawn = None;
        }
    }
}

/// Terminal columns, taking CJK characters as two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The last `n` characters (a path's end says the most).
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_names_keep_their_end() {
        assert_eq!(super::tail("2020/湖北/武昌.pdf", 6), "武昌.pdf");
        assert_eq!(super::tail("a.pdf", 60), "a.pdf");
        assert_eq!(super::display_width("[1/2] 武昌"), 10);
    }
}

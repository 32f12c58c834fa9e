//! The two span formats `rdb trace` writes, streamed to disk one event at a time so a run
//! of any length takes bounded memory: Chrome's trace-event JSON (Perfetto,
//! `chrome://tracing`) and Zipkin v2's list of spans.

use std::fs::File;
use std::io::{self, BufWriter, Write};

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A finished call: what both formats need.
pub struct Span<'a> {
    pub name: &'a str,
    pub file: &'a str,
    pub line: u32,
    /// The call as the narrative tells it (bounded argument reprs).
    pub call: &'a str,
    pub thread: u64,
    /// Microseconds since the run started.
    pub start_us: u64,
    pub duration_us: u64,
    /// 1-based, unique in the run; 0 for none.
    pub id: u64,
    pub parent: u64,
}

/// A JSON array written element by element.
struct ArrayWriter {
    out: BufWriter<File>,
    first: bool,
    end: &'static str,
}

impl ArrayWriter {
    fn create(path: &str, start: &str, end: &'static str) -> io::Result<ArrayWriter> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(start.as_bytes())?;
        Ok(ArrayWriter {
            out,
            first: true,
            end,
        })
    }

    fn push(&mut self, element: &str) -> io::Result<()> {
        if !std::mem::take(&mut self.first) {
            self.out.write_all(b",\n")?;
        }
        self.out.write_all(element.as_bytes())
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(self.end.as_bytes())?;
        self.out.flush()
    }
}

/// Chrome trace events: one complete (`ph: "X"`) event per call, `ts`/`dur` in
/// microseconds, one track per thread.
pub struct Chrome(ArrayWriter);

impl Chrome {
    pub fn create(path: &str) -> io::Result<Chrome> {
        ArrayWriter::create(
            path,
            "{\"traceEvents\":[\n",
            "\n],\"displayTimeUnit\":\"ms\"}\n",
        )
        .map(Chrome)
    }

    pub fn span(&mut self, s: &Span<'_>) -> io::Result<()> {
        self.0.push(&format!(
            "{{\"name\":{},\"cat\":\"python\",\"ph\":\"X\",\"ts\":{},\"dur\":{},\"pid\":{},\"tid\":{},\"args\":{{\"location\":{},\"call\":{}}}}}",
            quote(s.name),
            s.start_us,
            s.duration_us,
            std::process::id(),
            s.thread,
            quote(&format!("{}:{}", s.file, s.line)),
            quote(s.call),
        ))
    }

    pub fn finish(self) -> io::Result<()> {
        self.0.finish()
    }
}

/// Zipkin v2 spans: one trace per run, one span per call, parented by the calling span.
pub struct Zipkin {
    out: ArrayWriter,
    trace_id: String,
    service: String,
    epoch_us: u64,
}

impl Zipkin {
    pub fn create(path: &str, service: &str, epoch_us: u64) -> io::Result<Zipkin> {
        Ok(Zipkin {
            out: ArrayWriter::create(path, "[\n", "\n]\n")?,
            trace_id: format!("{:016x}{:016x}", epoch_us, u64::from(std::process::id())),
            service: service.to_string(),
            epoch_us,
        })
    }

    pub fn span(&mut self, s: &Span<'_>) -> io::Result<()> {
        let parent = if s.parent == 0 {
            String::new()
        } else {
            format!("\"parentId\":\"{:016x}\",", s.parent)
        };
        self.out.push(&format!(
            "{{\"traceId\":\"{}\",\"id\":\"{:016x}\",{parent}\"name\":{},\"timestamp\":{},\"duration\":{},\"localEndpoint\":{{\"serviceName\":{}}},\"tags\":{{\"file\":{},\"line\":\"{}\",\"thread\":\"{}\",\"call\":{}}}}}",
            self.trace_id,
            s.id,
            quote(s.name),
            self.epoch_us + s.start_us,
            s.duration_us.max(1),
            quote(&self.service),
            quote(s.file),
            s.line,
            s.thread,
            quote(s.call),
        ))
    }

    pub fn finish(self) -> io::Result<()> {
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting_escapes_what_json_requires() {
        assert_eq!(
            super::quote("a\"b\\c\nd\u{1}é"),
            "\"a\\\"b\\\\c\\nd\\u0001é\""
        );
    }
}

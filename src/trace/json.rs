//! The two span formats `rdb trace` writes, streamed to disk one event at a time so a run
//! of any length takes bounded memory: Chrome's trace-event JSON (Perfetto,
//! `chrome://tracing`) and Zipkin v2's list of spans.

use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Writes `s` as a JSON string literal, copying the runs that need no escaping as they are.
pub fn write_quoted(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            b if b < 0x20 => b"",
            _ => continue,
        };
        out.write_all(&s.as_bytes()[run..i])?;
        if escaped.is_empty() {
            write!(out, "\\u{b:04x}")?;
        } else {
            out.write_all(escaped)?;
        }
        run = i + 1;
    }
    out.write_all(&s.as_bytes()[run..])?;
    out.write_all(b"\"")
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
        Self::on(File::create(path)?, start, end)
    }

    fn on(file: File, start: &str, end: &'static str) -> io::Result<ArrayWriter> {
        let mut out = BufWriter::new(file);
        out.write_all(start.as_bytes())?;
        Ok(ArrayWriter {
            out,
            first: true,
            end,
        })
    }

    /// The output, positioned for the next element.
    fn element(&mut self) -> io::Result<&mut BufWriter<File>> {
        if !std::mem::take(&mut self.first) {
            self.out.write_all(b",\n")?;
        }
        Ok(&mut self.out)
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(self.end.as_bytes())?;
        self.out.flush()
    }
}

/// Chrome trace events: one complete (`ph: "X"`) event per call, `ts`/`dur` in
/// microseconds, one track per thread.
pub struct Chrome {
    out: ArrayWriter,
    pid: u32,
}

impl Chrome {
    pub fn create(path: &str) -> io::Result<Chrome> {
        ArrayWriter::create(
            path,
            "{\"traceEvents\":[\n",
            "\n],\"displayTimeUnit\":\"ms\"}\n",
        )
        .map(|out| Chrome {
            out,
            pid: std::process::id(),
        })
    }

    pub fn span(&mut self, s: &Span<'_>) -> io::Result<()> {
        let out = self.out.element()?;
        out.write_all(b"{\"name\":")?;
        write_quoted(out, s.name)?;
        write!(
            out,
            ",\"cat\":\"python\",\"ph\":\"X\",\"ts\":{},\"dur\":{},\"pid\":{},\"tid\":{},\"args\":{{\"location\":",
            s.start_us,
            s.duration_us,
            self.pid,
            s.thread
        )?;
        write_quoted(out, &format!("{}:{}", s.file, s.line))?;
        out.write_all(b",\"call\":")?;
        write_quoted(out, s.call)?;
        out.write_all(b"}}")
    }

    pub fn finish(self) -> io::Result<()> {
        self.out.finish()
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
        Self::on(File::create(path)?, service, epoch_us)
    }

    /// Spans written to an open file (a temporary one, made exclusively).
    pub fn on(file: File, service: &str, epoch_us: u64) -> io::Result<Zipkin> {
        Ok(Zipkin {
            out: ArrayWriter::on(file, "[\n", "\n]\n")?,
            trace_id: format!("{:016x}{:016x}", epoch_us, u64::from(std::process::id())),
            service: service.to_string(),
            epoch_us,
        })
    }

    pub fn span(&mut self, s: &Span<'_>) -> io::Result<()> {
        let out = self.out.element()?;
        write!(
            out,
            "{{\"traceId\":\"{}\",\"id\":\"{:016x}\",",
            self.trace_id, s.id
        )?;
        if s.parent != 0 {
            write!(out, "\"parentId\":\"{:016x}\",", s.parent)?;
        }
        out.write_all(b"\"name\":")?;
        write_quoted(out, s.name)?;
        write!(
            out,
            ",\"timestamp\":{},\"duration\":{},\"localEndpoint\":{{\"serviceName\":",
            self.epoch_us + s.start_us,
            s.duration_us.max(1)
        )?;
        write_quoted(out, &self.service)?;
        out.write_all(b"},\"tags\":{\"file\":")?;
        write_quoted(out, s.file)?;
        write!(
            out,
            ",\"line\":\"{}\",\"thread\":\"{}\",\"call\":",
            s.line, s.thread
        )?;
        write_quoted(out, s.call)?;
        out.write_all(b"}}")
    }

    pub fn finish(self) -> io::Result<()> {
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting_escapes_what_json_requires() {
        let mut out = Vec::new();
        super::write_quoted(&mut out, "a\"b\\c\nd\u{1}é\t").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001é\\t\""
        );
    }
}

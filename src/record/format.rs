//! The recording file (`.rdbrec`), version 1: the bytes `RDBREC` and the format
//! version (u16, little-endian), then a zlib stream of JSON records, one per line —
//! a `head`, then one record per traced event (`call`, `line`, `return`, `exception`;
//! each carries only the variables of its frame that changed since that frame's
//! previous event), a `key` record after every `KEY_EVERY` events holding every
//! thread's whole stack (so that a position is rebuilt from the nearest one), and an
//! `end` record. Between the events: a `source` record holding a file's text before the
//! first call into it, and `out` records holding what the program wrote after the event
//! before. A file without its `end` was cut short. No Python here.

use std::io::{self, BufRead, Read, Write};

use serde::{Deserialize, Serialize};

pub const MAGIC: &[u8; 6] = b"RDBREC";
pub const VERSION: u16 = 1;
/// Events between two keyframes.
pub const KEY_EVERY: u64 = 1000;

/// A variable as recorded: name, type, bounded repr, identity (0: not worth a tag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Var {
    pub n: String,
    pub ty: String,
    pub r: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub id: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn yes() -> bool {
    true
}

/// A frame of a keyframe's stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameState {
    /// The frame's number in the recording (from 1, in the order of their calls).
    pub f: u64,
    pub func: String,
    pub file: String,
    pub line: u32,
    pub args: Vec<String>,
    pub vars: Vec<Var>,
    /// The frame is at its return event (it leaves the stack with the next event).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub returning: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub enum Record {
    Head {
        script: String,
        argv: Vec<String>,
        python: String,
    },
    Call {
        /// The thread (its identifier), the frame, its caller's frame.
        t: u64,
        f: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        up: Option<u64>,
        func: String,
        file: String,
        line: u32,
        /// Names of the arguments (their values are among `set`).
        args: Vec<String>,
        set: Vec<Var>,
        /// The code is a generator or coroutine.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        gen: bool,
    },
    Line {
        t: u64,
        f: u64,
        line: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        set: Vec<Var>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        del: Vec<String>,
    },
    Return {
        t: u64,
        f: u64,
        line: u32,
        /// The returned value's repr.
        value: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        set: Vec<Var>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        del: Vec<String>,
    },
    Exception {
        t: u64,
        f: u64,
        line: u32,
        /// The exception's one-line form (`ValueError: bad`).
        text: String,
        /// What bdb asks of an exception event: a StopIteration, a GeneratorExit, and
        /// whether it has a traceback.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        stop_iteration: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        generator_exit: bool,
        #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
        traceback: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        set: Vec<Var>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        del: Vec<String>,
    },
    /// A file's source as it ran, before the first call into it (a replay shows it even
    /// when the file has changed or is on another machine).
    Source {
        file: String,
        text: String,
    },
    /// What the program wrote to its standard output (`s` 1) or error (2) after the
    /// event before (through `sys.stdout`/`sys.stderr`).
    Out {
        s: u8,
        text: String,
    },
    /// Every thread's stack after the event before it (outermost frame first).
    Key {
        stacks: Vec<(u64, Vec<FrameState>)>,
    },
    End {
        steps: u64,
        status: i32,
    },
}

impl Record {
    /// An event (a step of the recording), not a head, key or end.
    pub fn is_step(&self) -> bool {
        matches!(
            self,
            Record::Call { .. }
                | Record::Line { .. }
                | Record::Return { .. }
                | Record::Exception { .. }
        )
    }
}

/// Writes a recording.
pub struct Writer<W: Write> {
    /// Batched: the compressor costs per write, whatever its size.
    out: io::BufWriter<flate2::write::ZlibEncoder<W>>,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W) -> io::Result<Writer<W>> {
        out.write_all(MAGIC)?;
        out.write_all(&VERSION.to_le_bytes())?;
        Ok(Writer {
            out: io::BufWriter::with_capacity(
                1 << 18,
                flate2::write::ZlibEncoder::new(out, flate2::Compression::fast()),
            ),
        })
    }

    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")
    }

    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())?.finish()
    }
}

/// What is wrong with a file that should be a recording.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("not an rdb recording")]
    Foreign,
    #[error("recorded in format {0}; this rdb reads format {VERSION}")]
    Version(u16),
    #[error("cut short after {0} steps (the recording did not finish)")]
    Truncated(u64),
    #[error("damaged at record {0}: {1}")]
    Damaged(u64, String),
}

/// Reads a whole recording: its records in order, up to and with its `end`.
pub fn read(input: impl Read) -> Result<Vec<Record>, ReadError> {
    read_raw(input)?
        .iter()
        .enumerate()
        .map(|(i, line)| parse(line, i))
        .collect()
}

/// Record `line` (the `i`-th, from 0) decoded.
pub fn parse(line: &str, i: usize) -> Result<Record, ReadError> {
    serde_json::from_str(line).map_err(|e| ReadError::Damaged(i as u64 + 1, e.to_string()))
}

/// A recording's records as their JSON lines, up to and with its `end`.
pub fn read_raw(mut input: impl Read) -> Result<Vec<String>, ReadError> {
    let mut head = [0u8; 8];
    let mut got = 0;
    while got < head.len() {
        match input.read(&mut head[got..])? {
            0 => break,
            n => got += n,
        }
    }
    if got < head.len() || &head[..6] != MAGIC {
        return Err(ReadError::Foreign);
    }
    let version = u16::from_le_bytes([head[6], head[7]]);
    if version != VERSION {
        return Err(ReadError::Version(version));
    }
    let reader = io::BufReader::new(flate2::read::ZlibDecoder::new(input));
    let mut records = Vec::new();
    let mut steps = 0;
    for line in reader.lines() {
        let line = match line {
            Ok(l) => l,
            // a stream that stops mid-way is a cut-short file
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => break,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(ReadError::Damaged(records.len() as u64 + 1, e.to_string()))
            }
            Err(e) => return Err(e.into()),
        };
        // the tag comes first in each record as written
        let end = line.starts_with(r#"{"k":"end""#);
        steps += u64::from(
            [
                r#"{"k":"call""#,
                r#"{"k":"line""#,
                r#"{"k":"return""#,
                r#"{"k":"exception""#,
            ]
            .iter()
            .any(|tag| line.starts_with(tag)),
        );
        records.push(line);
        if end {
            return Ok(records);
        }
    }
    Err(ReadError::Truncated(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Record> {
        vec![
            Record::Head {
                script: "/p/m.py".into(),
                argv: vec![],
                python: "3.11.7".into(),
            },
            Record::Source {
                file: "/p/m.py".into(),
                text: "x = 1\nprint(x)\n".into(),
            },
            Record::Call {
                t: 1,
                f: 1,
                up: None,
                func: "<module>".into(),
                file: "/p/m.py".into(),
                line: 1,
                args: vec![],
                set: vec![],
                gen: false,
            },
            Record::Line {
                t: 1,
                f: 1,
                line: 1,
                set: vec![Var {
                    n: "x".into(),
                    ty: "int".into(),
                    r: "1".into(),
                    id: 0,
                }],
                del: vec![],
            },
            Record::Out {
                s: 1,
                text: "1\n".into(),
            },
            Record::End {
                steps: 2,
                status: 0,
            },
        ]
    }

    fn bytes(records: &[Record]) -> Vec<u8> {
        let mut w = Writer::new(Vec::new()).unwrap();
        for r in records {
            w.write(r).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn a_recording_reads_back_as_written() {
        let records = sample();
        assert_eq!(read(&bytes(&records)[..]).unwrap(), records);
    }

    #[test]
    fn foreign_newer_and_cut_short_files_are_refused_with_a_reason() {
        assert!(matches!(
            read(&b"print('hi')\n"[..]),
            Err(ReadError::Foreign)
        ));
        assert!(matches!(read(&b""[..]), Err(ReadError::Foreign)));
        let mut newer = bytes(&sample());
        newer[6] = 2;
        assert!(matches!(read(&newer[..]), Err(ReadError::Version(2))));
        let whole = bytes(&sample());
        let cut = &whole[..whole.len() / 2];
        assert!(
            matches!(
                read(cut),
                Err(ReadError::Truncated(_) | ReadError::Damaged(..))
            ),
            "{:?}",
            read(cut)
        );
        let no_end = bytes(&sample()[..4]);
        assert!(matches!(read(&no_end[..]), Err(ReadError::Truncated(2))));
    }
}

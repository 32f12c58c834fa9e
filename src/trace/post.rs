//! `--zipkin-url`: the spans file POSTed to a Zipkin collector over plain HTTP/1.1
//! (`http://host[:port][/path]`; with no path, Zipkin's `/api/v2/spans`).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends the file at `path` as the body; returns the status line's code and reason.
pub fn post(url: &str, path: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url}: only http:// collector URLs are supported"))?;
    let (authority, route) = match rest.find('/') {
        Some(i) if &rest[i..] != "/" => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], "/api/v2/spans"),
        None => (rest, "/api/v2/spans"),
    };
    if authority.is_empty() {
        return Err(format!("{url}: no host"));
    }
    let address = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    send(&address, authority, route, path).map_err(|e| format!("POST {url}: {e}"))
}

fn send(address: &str, host: &str, route: &str, path: &str) -> io::Result<String> {
    let mut body = std::fs::File::open(path)?;
    let length = body.metadata()?.len();
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST {route} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n"
    )?;
    io::copy(&mut body, &mut stream)?;
    stream.flush()?;
    let mut reply = Vec::new();
    stream.take(4096).read_to_end(&mut reply)?;
    let reply = String::from_utf8_lossy(&reply);
    let status = reply.lines().next().unwrap_or("");
    match status.split_once(' ') {
        Some((version, code)) if version.starts_with("HTTP/") => Ok(code.trim().to_string()),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not an HTTP reply: {status:?}"),
        )),
    }
}

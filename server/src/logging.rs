//! The logs: JSON lines in production (every field escaped by the JSON encoder), text for a
//! terminal in development. Either way one event is one line: a field that carries text from a
//! request (an e-mail address typed at sign-in, a mail server's reply) cannot start a line that
//! reads as another event.
//!
//! Hand-written, because the text formatter of `tracing-subscriber` escapes terminal escape
//! sequences but writes line breaks as they are, and a custom field formatter would have to
//! re-implement its layout. The formatter writes each event with one `write` of the whole line,
//! so a writer that escapes every line break but the last holds for every event.

use std::io::{self, Write};
use tracing_subscriber::fmt::MakeWriter;

/// Initialises the global subscriber; `json` chooses JSON lines.
pub fn init(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.with_writer(OneLine(io::stdout)).init();
    }
}

/// A [`MakeWriter`] whose writers keep each write on one line.
#[derive(Clone, Copy)]
pub struct OneLine<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for OneLine<M> {
    type Writer = OneLineWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        OneLineWriter(self.0.make_writer())
    }
}

pub struct OneLineWriter<W>(W);

impl<W: Write> Write for OneLineWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(&one_line(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `buf` with `\r`, `\n` and the other ASCII control characters written as escapes, except a
/// final line break.
fn one_line(buf: &[u8]) -> Vec<u8> {
    let (body, end) = match buf.strip_suffix(b"\n") {
        Some(body) => (body, &b"\n"[..]),
        None => (buf, &b""[..]),
    };
    let mut out = Vec::with_capacity(buf.len() + 8);
    for &byte in body {
        match byte {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.push(b'\t'),
            // ANSI colours of the formatter itself start with ESC: kept, the formatter already
            // escapes those that come from field values.
            0x1b => out.push(byte),
            0..=0x1f | 0x7f => out.extend_from_slice(format!("\\x{byte:02x}").as_bytes()),
            _ => out.push(byte),
        }
    }
    out.extend_from_slice(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_inside_an_event_is_escaped_and_the_last_one_kept() {
        let written = one_line(b"INFO sign-in refused account=\"a@b.c\nINFO forged\" x\n");
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "INFO sign-in refused account=\"a@b.c\\nINFO forged\" x\n"
        );
        assert_eq!(one_line(b"a\r\x07b"), b"a\\r\\x07b");
    }

    #[test]
    fn an_event_with_a_forged_line_is_one_line_through_the_subscriber() {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(OneLine(move || sink.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let typed = "x@example.com\n2026-12-01T00:00:00Z  INFO signed in user_id=1";
            tracing::info!(account = %typed, "sign-in refused");
        });
        let logged = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert_eq!(logged.lines().count(), 1, "{logged}");
        assert!(logged.contains("x@example.com\\n2026"), "{logged}");
    }
}

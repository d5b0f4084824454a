// A real SMTP server for the Rust tests of e-mail delivery (server/tests/consent.rs): it accepts
// every message (any credentials over plain SMTP), parses it, and prints one JSON line per
// message on stdout. The first line announces the port: {"listening": 2525}.
//
//   node tools/smtp-sink.mjs [port]      (port 0 or none: any free port)
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const port = Number(process.argv[2] ?? 0);

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  allowInsecureAuth: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username });
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        process.stdout.write(
          JSON.stringify({
            envelope_from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            envelope_to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user ?? null,
            from: mail.from && mail.from.text,
            to: mail.to && mail.to.text,
            subject: mail.subject,
            text: mail.text,
            html: mail.html || "",
          }) + "\n",
        );
        callback();
      })
      .catch((error) => callback(error));
  },
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ listening: server.server.address().port }) + "\n");
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

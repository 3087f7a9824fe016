"""A loopback SMTP server for tests, on Debian's python3-aiosmtpd (started by smtp_sink.cc).

Listens on 127.0.0.1:PORT (0: a port the kernel picks) and prints the port on stdout once it
accepts connections. Each accepted message is stored in DIR as N.eml (the DATA bytes as received,
dot-unstuffed, line ends untouched) and then N.env (the MAIL FROM address, then one line per RCPT
TO address); a message is complete once its .env exists. Numbering continues after the messages
already in DIR, so a restarted sink keeps the earlier ones.

  --reject ADDR    answers RCPT TO:<ADDR> with 550 (repeatable)
  --tempfail ADDR  answers RCPT TO:<ADDR> with 451 (repeatable)
  --login U:P      requires AUTH (PLAIN or LOGIN, without TLS) with user U and password P

Stops on SIGTERM, or when stdin reaches end of file (the test process died).
"""

import argparse
import asyncio
import logging
import os
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult


def write_atomically(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


class Sink:
    def __init__(self, directory, reject, tempfail):
        self.directory = directory
        self.reject = set(reject)
        self.tempfail = set(tempfail)
        self.count = sum(1 for name in os.listdir(directory) if name.endswith(".env"))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return f"550 5.1.1 <{address}>: recipient rejected"
        if address in self.tempfail:
            return f"451 4.3.0 <{address}>: try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, f"{self.count:06d}")
        write_atomically(base + ".eml", envelope.original_content)
        lines = [envelope.mail_from] + envelope.rcpt_tos
        write_atomically(base + ".env", ("\n".join(lines) + "\n").encode())
        return "250 OK: stored"


def authenticator_for(login):
    user, password = (part.encode() for part in login.split(":", 1))

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == user and auth_data.password == password
        return AuthResult(success=ok, handled=False)  # handled=True would send no 535 reply

    return authenticate


async def serve(args):
    loop = asyncio.get_running_loop()
    handler = Sink(args.dir, args.reject, args.tempfail)
    options = {"hostname": "smtp-sink.test"}  # no getfqdn(): a DNS lookup per connection
    if args.login:
        options.update(authenticator=authenticator_for(args.login), auth_required=True,
                       auth_require_tls=False)
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", args.port)
    print(server.sockets[0].getsockname()[1], flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1() or stop.set())
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tempfail", action="append", default=[])
    parser.add_argument("--login", default="")
    args = parser.parse_args()
    # aiosmtpd warns on every connection that AUTH without TLS is unsafe: true, and intended here.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()

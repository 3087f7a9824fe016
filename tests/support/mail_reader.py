"""Reads one e-mail message (bytes on stdin) with Python's standard e-mail parser, the way mail
clients read it, and prints what tests check as JSON on stdout:

  {"defects": [...],             # what the parser found wrong, anywhere in the message
   "headers": [[name, value]],   # in order, encoded-words decoded
   "content_type": "multipart/alternative",
   "parts": [{"content_type", "charset", "transfer_encoding", "text"}]}  # leaf parts, decoded

Run by tests/e2e/mail_test.cc with the system python3.
"""

import email
import email.policy
import json
import sys


def main():
    message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
    defects = [repr(d) for part in message.walk() for d in part.defects]
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset() or "",
            "transfer_encoding": part.get("Content-Transfer-Encoding", ""),
            "text": part.get_content(),
        })
    json.dump({
        "defects": defects,
        "headers": [[name, str(value)] for name, value in message.items()],
        "content_type": message.get_content_type(),
        "parts": parts,
    }, sys.stdout)


if __name__ == "__main__":
    main()

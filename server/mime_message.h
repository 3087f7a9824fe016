// An e-mail message as the bytes an SMTP server (or `sendmail -t`) takes: RFC 5322 headers and
// a MIME (RFC 2045/2046) multipart/alternative body of a text/plain and a text/html part, both
// UTF-8 in quoted-printable with lines of at most 76 characters, every line ending in CRLF.
//
// Headers, in this order: Date (RFC 5322, UTC), From, To, Subject (RFC 2047 encoded-words of at
// most 75 characters, UTF-8 "Q", when it is not printable ASCII or holds "=?"), Message-ID,
// MIME-Version, the extra headers as given (List-Unsubscribe, ...), Content-Type with a random
// boundary that occurs in neither part. Long ASCII header lines are folded at spaces.
//
// Pure functions apart from the random boundary and Message-ID; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetcher/result.h"

namespace arxiv {

struct MimeMessage {
  std::string from;     // "arXiv digest <digest@example.org>" or a bare address; ASCII
  std::string to;       // the recipient; ASCII
  std::string subject;  // UTF-8
  std::chrono::system_clock::time_point date;
  std::string message_id;  // "<id@host>"; empty: render_message makes a new_message_id(from)
  // Extra headers, written in this order: {"List-Unsubscribe", "<https://...>"}. ASCII.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string text;  // the text/plain part, UTF-8; "\n" or "\r\n" line ends (sent as CRLF)
  std::string html;  // the text/html part, UTF-8, the same line ends
};

// The message as bytes. kInvalidInput, naming the header, when a header value holds CR or LF
// (header injection), From or To is empty or not ASCII, an extra header's name is not a valid
// field name or repeats one written here (Date, From, To, Subject, Message-ID, MIME-Version,
// Content-*), an extra value is not ASCII, a Message-ID is not "<...@...>", or a header line
// cannot be kept within 998 characters.
Result<std::string> render_message(const MimeMessage& message);

// "Tue, 25 Mar 2025 13:05:09 +0000": the time in UTC as RFC 5322 writes it.
std::string rfc5322_date(std::chrono::system_clock::time_point time);

// "<32 random hex digits@host>", host being the domain of the address in `from`
// ("digest@example.org" or "Name <digest@example.org>"), or "localhost" when it has none.
std::string new_message_id(std::string_view from);

}  // namespace arxiv

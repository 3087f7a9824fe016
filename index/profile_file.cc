#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "fetcher/source_file.h"
#include "index/profile.h"

namespace arxiv {
namespace {

constexpr char kFileName[] = "profiles.toml";
// Lines longer than this are wrapped (strings) or split one item per line (arrays).
constexpr size_t kLineWidth = 96;

constexpr char kHeader[] =
    R"(# arxiv-triage interest profiles: one [[profile]] table per research interest.
#
#   name             identifier: lowercase letters, digits and '-', unique in this file
#   title            human-readable title
#   description      the interest in the researcher's words
#   query            what ranks papers (Xapian query syntax): words, "phrases", OR, AND, NOT;
#                    title:word searches titles, author:name authors, cat:cs.LG categories;
#                    words are stemmed unless capitalised (NAS matches only "NAS")
#   must_have        words or "phrases" a paper must all contain
#   must_not         words or "phrases" that drop a paper
#   categories       arXiv categories that boost a paper, e.g. "cs.LG"
#   categories_only  true: only papers in those categories are kept
#   authors          followed authors, always surfaced: "Geoffrey Hinton"
#   limit            papers per digest, 1 to 1000
#   min_score        papers scoring below this are left out of the digest, >= 0
)";

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// TOML control characters must be escaped; the rest of UTF-8 is written as is.
void append_escaped(std::string& out, char c, bool multiline) {
  static constexpr std::string_view kSpecial = "\\\"\b\t\f\r\n";
  static constexpr std::array<std::string_view, 7> kEscape = {"\\\\", "\\\"", "\\b", "\\t",
                                                              "\\f",  "\\r",  "\\n"};
  if (const size_t at = kSpecial.find(c);
      at != std::string_view::npos && !(multiline && c == '\n')) {
    out += kEscape[at];
  } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  } else {
    out += c;
  }
}

// A basic "string" as usual; a literal 'string' when that avoids escaping, so queries full of
// "phrases" stay readable.
std::string inline_string(std::string_view text) {
  auto needs_escape = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; };
  const bool plain = std::none_of(text.begin(), text.end(),
                                  [&](char c) { return c == '"' || c == '\\' || needs_escape(c); });
  const bool literal =
      std::none_of(text.begin(), text.end(), [&](char c) { return c == '\'' || needs_escape(c); });
  if (!plain && literal) return in_quotes(text);
  std::string out = "\"";
  for (char c : text) append_escaped(out, c, false);
  return out + "\"";
}

// A """multi-line""" string wrapped with line-ending backslashes, which TOML removes together
// with the newline and the next line's leading whitespace. It breaks only after a space that is
// followed by a non-blank character, so no content is trimmed away; the opening newline is
// dropped by TOML and the closing delimiter follows a line-ending backslash.
std::string multiline_string(std::string_view text) {
  std::string out = "\"\"\"\n";
  size_t column = 0;
  int quotes = 0;  // consecutive unescaped '"' just written; a third would close the string
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool next_blank = i + 1 == text.size() || std::strchr(" \t\r\n", text[i + 1]) != nullptr;
    // Measured at spaces only: measuring at every character made a long word quadratic (a 60 KB
    // one took seconds to write).
    auto word_length = [&] {
      const size_t next_word = text.substr(i + 1).find_first_of(" \n");
      return next_word == std::string_view::npos ? text.size() - i - 1 : next_word;
    };
    // Room for the space, the next word and " \" within the line width.
    if (c == ' ' && !next_blank && column > 0 && column + word_length() + 3 > kLineWidth) {
      out += " \\\n";
      column = 0;
      quotes = 0;
      continue;
    }
    const size_t before = out.size();
    if (c == '"' && quotes < 2) {
      out += '"';
      ++quotes;
    } else {
      append_escaped(out, c, true);
      quotes = 0;
    }
    column = c == '\n' ? 0 : column + (out.size() - before);
  }
  return out + "\\\n\"\"\"";
}

void append_string(std::string& out, std::string_view key, std::string_view value) {
  std::string line = std::string(key) + " = " + inline_string(value);
  const bool fits = line.size() <= kLineWidth && value.find('\n') == std::string_view::npos;
  out += fits ? line : std::string(key) + " = " + multiline_string(value);
  out += '\n';
}

void append_strings(std::string& out, std::string_view key,
                    const std::vector<std::string>& values) {
  std::string line = std::string(key) + " = [";
  for (size_t i = 0; i < values.size(); ++i) line += (i ? ", " : "") + inline_string(values[i]);
  line += "]\n";
  if (line.size() <= kLineWidth + 1) {
    out += line;
    return;
  }
  out += std::string(key) + " = [\n";
  for (const std::string& value : values) out += "  " + inline_string(value) + ",\n";
  out += "]\n";
}

// The shortest text that reads back as the same double, with a '.0' when it would otherwise
// read as a TOML integer.
std::string format_double(double value) {
  std::array<char, 64> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), result.ptr);
  if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
  return text;
}

Error errno_error(const std::string& what, const std::filesystem::path& path) {
  return Error::unavailable(what + " " + path.string() + ": " + std::strerror(errno));
}

Status write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return errno_error("cannot write", path);
    data.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

}  // namespace

std::string format_profiles(const std::vector<Profile>& profiles) {
  std::string out = kHeader;
  for (const Profile& profile : profiles) {
    out += "\n[[profile]]\n";
    append_string(out, "name", profile.name);
    append_string(out, "title", profile.title);
    append_string(out, "description", profile.description);
    append_string(out, "query", profile.query);
    append_strings(out, "must_have", profile.must_have);
    append_strings(out, "must_not", profile.must_not);
    append_strings(out, "categories", profile.categories);
    out += std::string("categories_only = ") + (profile.categories_only ? "true" : "false") + "\n";
    append_strings(out, "authors", profile.authors);
    out += "limit = " + std::to_string(profile.limit) + "\n";
    out += "min_score = " + format_double(profile.min_score) + "\n";
  }
  return out;
}

Result<std::vector<Profile>> load_or_create_profiles(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / kFileName;
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (error) return Error::unavailable("cannot check " + path.string() + ": " + error.message());
  if (!exists) {
    if (Status saved = save_profiles(data_dir, default_profiles()); !saved) return saved.error();
  }
  Result<std::string> text = read_source_file(path.string());
  if (!text) return Error::unavailable("cannot read profiles: " + text.error().message);
  return parse_profiles(*text, path.string());
}

Status save_profiles(const std::filesystem::path& data_dir, const std::vector<Profile>& profiles) {
  std::map<std::string_view, bool> seen;
  for (const Profile& profile : profiles) {
    if (Status valid = validate_profile(profile); !valid) return valid;
    if (seen[profile.name])
      return Error::invalid_input("duplicate profile name " + in_quotes(profile.name));
    seen[profile.name] = true;
  }
  const std::string text = format_profiles(profiles);
  // Text that is not UTF-8 cannot be TOML; reading the text back also guarantees that
  // load_or_create_profiles will accept what is saved.
  if (auto reread = parse_profiles(text, kFileName); !reread)
    return Error::invalid_input("cannot save profiles: " + reread.error().message);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error)
    return Error::unavailable("cannot create " + data_dir.string() + ": " + error.message());

  const std::filesystem::path target = data_dir / kFileName;
  std::string temp = target.string() + ".tmp-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return errno_error("cannot create a temporary file in", data_dir);
  Status status = write_all(fd, text, temp);
  if (status && ::fchmod(fd, 0644) != 0) status = errno_error("cannot set permissions of", temp);
  // fsync before rename: otherwise a crash can leave the new name pointing at empty data.
  if (status && ::fsync(fd) != 0) status = errno_error("cannot sync", temp);
  if (::close(fd) != 0 && status) status = errno_error("cannot close", temp);
  if (status && ::rename(temp.c_str(), target.c_str()) != 0)
    status = errno_error("cannot replace", target);
  if (!status) {
    ::unlink(temp.c_str());
    return status;
  }
  // Makes the rename itself durable. Best effort: some file systems refuse fsync on a
  // directory, and the new file is already complete and in place.
  if (const int dir = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace arxiv

#include "tests/bench/replay_corpus.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include "fetcher/source_file.h"

namespace arxiv::bench {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr int kWeeksPerCopy = 70;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `s` at `at` reads YYMM.NNNN or YYMM.NNNNN.
bool new_style_id_at(std::string_view s, size_t at) {
  if (at + 9 > s.size()) return false;
  for (size_t i = 0; i < 4; ++i)
    if (!is_digit(s[at + i])) return false;
  if (s[at + 4] != '.') return false;
  for (size_t i = 5; i < 9; ++i)
    if (!is_digit(s[at + i])) return false;
  return true;
}

// Ids appear after these in links, guids and descriptions ("arXiv:2503.11731v1").
void move_ids(std::string& xml, int k) {
  for (std::string_view marker : {"arxiv.org/abs/", "arXiv.org:", "arXiv:"}) {
    for (size_t at = xml.find(marker); at != std::string::npos; at = xml.find(marker, at + 1)) {
      const size_t id = at + marker.size();
      if (!new_style_id_at(xml, id)) continue;
      const int year = ((xml[id] - '0') * 10 + (xml[id + 1] - '0') + 10 * k) % 100;
      xml[id] = static_cast<char>('0' + year / 10);
      xml[id + 1] = static_cast<char>('0' + year % 10);
    }
  }
}

// "Tue, 18 Mar 2025 00:00:00 -0400" at `at` (after the weekday's comma and space): the day, month
// and year moved back by k·70 weeks, in place. Returns false when the text is not such a date.
bool move_date(std::string& xml, size_t at, int k) {
  size_t day_end = at;
  while (day_end < xml.size() && is_digit(xml[day_end])) ++day_end;
  const size_t day_digits = day_end - at;
  if (day_digits < 1 || day_digits > 2 || day_end + 9 > xml.size()) return false;
  const auto month = std::find(kMonths.begin(), kMonths.end(), xml.substr(day_end + 1, 3));
  if (month == kMonths.end() || !is_digit(xml[day_end + 5])) return false;
  const int day = std::stoi(xml.substr(at, day_digits));
  const int year = std::stoi(xml.substr(day_end + 5, 4));
  using namespace std::chrono;
  const year_month_day ymd{
      sys_days{std::chrono::year{year} / static_cast<unsigned>(month - kMonths.begin() + 1) /
               static_cast<unsigned>(day)} -
      days{7 * kWeeksPerCopy * k}};
  char text[16];
  std::snprintf(text, sizeof text, day_digits == 2 ? "%02u %s %04d" : "%u %s %04d",
                static_cast<unsigned>(ymd.day()),
                std::string(kMonths[static_cast<unsigned>(ymd.month()) - 1]).c_str(),
                static_cast<int>(ymd.year()));
  xml.replace(at, day_digits + 9, text);
  return true;
}

void move_dates(std::string& xml, int k) {
  for (std::string_view tag : {"<pubDate>", "<lastBuildDate>"}) {
    for (size_t at = xml.find(tag); at != std::string::npos; at = xml.find(tag, at + 1)) {
      const size_t comma = xml.find(", ", at + tag.size());
      if (comma != std::string::npos && comma < at + tag.size() + 4) move_date(xml, comma + 2, k);
    }
  }
}

bool write_gzip(const fs::path& path, const std::string& text) {
  gzFile out = gzopen(path.c_str(), "wb1");  // fast: the copies are scratch
  if (out == nullptr) return false;
  const bool written = gzwrite(out, text.data(), static_cast<unsigned>(text.size())) ==
                       static_cast<int>(text.size());
  return gzclose(out) == Z_OK && written;
}

}  // namespace

std::vector<fs::path> listing_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && (name.ends_with(".xml") || name.ends_with(".xml.gz")))
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string copy_listing(std::string_view xml, int k) {
  std::string out(xml);
  move_ids(out, k);
  move_dates(out, k);
  return out;
}

size_t write_copies(const fs::path& replay, const fs::path& out, int copies) {
  const auto files = listing_files(replay);
  size_t written = 0;
  for (const auto& file : files) {
    auto text = read_source_file(file.string());
    if (!text.ok()) {
      std::fprintf(stderr, "bench: %s: %s\n", file.c_str(), text.error().message.c_str());
      return 0;
    }
    for (int k = 1; k < copies; ++k) {
      const fs::path dir = out / ("copy" + std::to_string(k));
      fs::create_directories(dir);
      std::string name = file.filename().string();
      if (!name.ends_with(".gz")) name += ".gz";
      if (!write_gzip(dir / name, copy_listing(text.value(), k))) {
        std::fprintf(stderr, "bench: cannot write %s\n", (dir / name).c_str());
        return 0;
      }
      ++written;
    }
  }
  return written;
}

}  // namespace arxiv::bench

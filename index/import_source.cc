#include "index/import_source.h"

#include <algorithm>
#include <regex>

#include "fetcher/api_parser.h"
#include "fetcher/listing_parser.h"
#include "fetcher/metadata_json_parser.h"
#include "fetcher/oai_parser.h"
#include "fetcher/source_file.h"
#include "fetcher/source_format.h"
#include "fetcher/text.h"
#include "index/schema.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

bool importable_name(const std::string& name) {
  static const std::regex kPattern(R"(.*\.(xml|json|jsonl)(\.gz)?$)");
  return std::regex_match(name, kPattern);
}

// A JSON-lines daily dump has no dates per record: its file name carries the day.
std::string day_from_name(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.size() >= 10 && is_valid_day(std::string_view(name).substr(0, 10)))
    return name.substr(0, 10);
  return {};
}

Status feed_all(std::vector<Paper>& papers, const PaperSink& sink) {
  for (auto& p : papers) {
    if (Status s = sink(p); !s.ok()) return s;
  }
  return {};
}

Result<InputOutcome> read_xml(const InputFile& file, const PaperSink& sink) {
  InputOutcome outcome;
  auto bytes = read_source_file(file.path.string());
  if (!bytes.ok()) {
    outcome.rejected = bytes.error().message;
    return outcome;
  }
  switch (detect_source_format(std::string_view(bytes.value()).substr(0, 4096))) {
    case SourceFormat::kListingFeed: {
      auto feed = parse_listing_feed(bytes.value());
      if (!feed.ok()) {
        outcome.rejected = feed.error().message;
        return outcome;
      }
      if (Status s = feed_all(feed->papers, sink); !s.ok()) return s.error();
      outcome.listing_day = feed->day;
      outcome.listing_items = feed->papers.size();
      return outcome;
    }
    case SourceFormat::kApiFeed: {
      auto page = parse_api_response(bytes.value());
      if (!page.ok()) {
        outcome.rejected = page.error().message;
        return outcome;
      }
      if (Status s = feed_all(page->papers, sink); !s.ok()) return s.error();
      return outcome;
    }
    case SourceFormat::kOai: {
      auto page = parse_oai_response(bytes.value());
      if (!page.ok()) {
        // An empty harvest window is a valid, empty file.
        if (page.error().reason != "noRecordsMatch") outcome.rejected = page.error().message;
        return outcome;
      }
      if (Status s = feed_all(page->papers, sink); !s.ok()) return s.error();
      return outcome;
    }
    case SourceFormat::kMetadataJson:
    case SourceFormat::kUnknown:
      break;
  }
  outcome.rejected =
      "not a recognised arXiv document (expected an RSS/Atom listing, an API feed, "
      "an OAI-PMH response or JSON-lines metadata)";
  return outcome;
}

Result<InputOutcome> read_json_lines(const InputFile& file, const PaperSink& sink) {
  InputOutcome outcome;
  LineReader reader;
  if (Status s = reader.open(file.path.string()); !s.ok()) {
    outcome.rejected = s.error().message;
    return outcome;
  }
  const std::string day = day_from_name(file.path);
  std::string line;
  size_t line_number = 0, bad_lines = 0;
  std::string first_problem;
  while (reader.next(line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto paper = parse_metadata_json_line(line);
    if (!paper.ok()) {
      if (bad_lines++ == 0)
        first_problem = "line " + std::to_string(line_number) + ": " + paper.error().message;
      continue;
    }
    if (!day.empty() && paper->announcements.empty())
      paper->announcements.push_back({day, AnnounceType::kUnknown, 0});
    if (Status s = sink(paper.value()); !s.ok()) return s.error();
  }
  if (!reader.status().ok()) {
    outcome.rejected = reader.status().error().message;
  } else if (bad_lines > 0) {
    outcome.rejected =
        std::to_string(bad_lines) + " of " + std::to_string(line_number) +
        " lines are not valid metadata (the others were imported); first: " + first_problem;
  }
  return outcome;
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths,
                                     std::vector<RejectedFile>& rejected) {
  std::vector<fs::path> found;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && importable_name(it->path().filename().string()))
          found.push_back(it->path());
      }
      if (ec) rejected.push_back({p, "cannot list directory: " + ec.message()});
    } else if (fs::is_regular_file(p, ec)) {
      found.push_back(p);
    } else {
      rejected.push_back({p, "no such file or directory"});
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<InputFile> files;
  for (auto& path : found) {
    std::error_code ec;
    InputFile f;
    f.size = fs::file_size(path, ec);
    auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
    f.fingerprint = std::to_string(f.size) + ":" + std::to_string(mtime);
    f.path = fs::absolute(path, ec).lexically_normal();
    files.push_back(std::move(f));
  }
  return files;
}

// Metadata keys are limited in length, so long paths are keyed by a hash with the tail kept
// readable.
std::string imported_file_key(const fs::path& path) {
  std::string p = path.string();
  std::string key = std::string(schema::kImportedFilePrefix) + p;
  if (key.size() <= 200) return key;
  return std::string(schema::kImportedFilePrefix) + std::to_string(std::hash<std::string>{}(p)) +
         ":" + p.substr(p.size() - 120);
}

Result<InputOutcome> read_input(const InputFile& file, const PaperSink& sink) {
  // Peek at the content to choose between whole-document XML and streamed JSON lines; a JSON
  // file is never read whole.
  LineReader peek;
  std::string first_line;
  InputOutcome outcome;
  if (Status s = peek.open(file.path.string()); !s.ok()) {
    outcome.rejected = s.error().message;
    return outcome;
  }
  peek.next(first_line);
  if (!peek.status().ok()) {
    outcome.rejected = peek.status().error().message;
    return outcome;
  }
  if (detect_source_format(first_line.substr(0, 4096)) == SourceFormat::kMetadataJson)
    return read_json_lines(file, sink);
  return read_xml(file, sink);
}

}  // namespace arxiv

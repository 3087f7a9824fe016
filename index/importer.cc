#include "index/importer.h"

#include <algorithm>
#include <chrono>
#include <regex>

#include "fetcher/api_parser.h"
#include "fetcher/listing_parser.h"
#include "fetcher/metadata_json_parser.h"
#include "fetcher/oai_parser.h"
#include "fetcher/source_file.h"
#include "fetcher/source_format.h"
#include "fetcher/text.h"
#include "index/paper_store.h"
#include "index/schema.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

bool importable_name(const std::string& name) {
  static const std::regex kPattern(R"(.*\.(xml|json|jsonl)(\.gz)?$)");
  return std::regex_match(name, kPattern);
}

struct InputFile {
  fs::path path;
  uint64_t size = 0;
  std::string fingerprint;  // "size:mtime", recorded when the file is imported
};

// Files to import in name order; paths that do not exist are rejected.
std::vector<InputFile> expand(const std::vector<std::string>& paths,
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
std::string file_key(const fs::path& path) {
  std::string p = path.string();
  std::string key = std::string(schema::kImportedFilePrefix) + p;
  if (key.size() <= 200) return key;
  return std::string(schema::kImportedFilePrefix) + std::to_string(std::hash<std::string>{}(p)) +
         ":" + p.substr(p.size() - 120);
}

// A JSON-lines daily dump has no dates per record: its file name carries the day.
std::string day_from_name(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.size() >= 10 && is_valid_day(std::string_view(name).substr(0, 10)))
    return name.substr(0, 10);
  return {};
}

class Run {
 public:
  Run(PaperWriter& writer, const ImportOptions& options, ImportSummary& summary)
      : writer_(writer),
        options_(options),
        summary_(summary),
        start_(std::chrono::steady_clock::now()) {}

  Status import_file(const InputFile& file);
  Status finish() { return writer_.commit(); }
  void set_totals(size_t files, uint64_t bytes) {
    progress_.files_total = files;
    progress_.bytes_total = bytes;
  }
  void file_done(const InputFile& file) {
    ++progress_.files_done;
    progress_.bytes_done += file.size;
    report();
  }
  void report() {
    if (!options_.on_progress) return;
    progress_.papers = papers_read_;
    progress_.seconds = elapsed();
    options_.on_progress(progress_);
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  Status store(const Paper& paper);
  Status store_all(const std::vector<Paper>& papers);
  Result<std::string> import_xml(const InputFile& file);
  Result<std::string> import_json_lines(const InputFile& file);

  PaperWriter& writer_;
  const ImportOptions& options_;
  ImportSummary& summary_;
  std::chrono::steady_clock::time_point start_;
  size_t pending_ = 0;
  size_t papers_read_ = 0;
  ImportProgress progress_;
};

// Progress is reported every this many papers as well as after each file.
constexpr size_t kProgressEvery = 64;

Status Run::store(const Paper& paper) {
  auto outcome = writer_.upsert(paper);
  if (!outcome.ok()) return outcome.error();
  summary_.papers.count(outcome.value());
  if (++papers_read_ % kProgressEvery == 0) report();
  if (++pending_ >= options_.batch_size) {
    pending_ = 0;
    return writer_.commit();
  }
  return {};
}

Status Run::store_all(const std::vector<Paper>& papers) {
  for (const auto& p : papers) {
    if (Status s = store(p); !s.ok()) return s;
  }
  return {};
}

// Returns "" on success, or why the file was rejected; an Error only for index failures.
Result<std::string> Run::import_xml(const InputFile& file) {
  auto bytes = read_source_file(file.path.string());
  if (!bytes.ok()) return bytes.error().message;
  switch (detect_source_format(std::string_view(bytes.value()).substr(0, 4096))) {
    case SourceFormat::kListingFeed: {
      auto feed = parse_listing_feed(bytes.value());
      if (!feed.ok()) return feed.error().message;
      if (Status s = store_all(feed->papers); !s.ok()) return s.error();
      if (!feed->day.empty()) {
        const std::string key =
            std::string(schema::kListingDayPrefix) + schema::compact_day(feed->day);
        if (Status s = writer_.set_metadata(key, std::to_string(feed->papers.size())); !s.ok())
          return s.error();
      }
      return std::string();
    }
    case SourceFormat::kApiFeed: {
      auto page = parse_api_response(bytes.value());
      if (!page.ok()) return page.error().message;
      if (Status s = store_all(page->papers); !s.ok()) return s.error();
      return std::string();
    }
    case SourceFormat::kOai: {
      auto page = parse_oai_response(bytes.value());
      if (!page.ok()) {
        // An empty harvest window is a valid, empty file.
        if (page.error().reason == "noRecordsMatch") return std::string();
        return page.error().message;
      }
      if (Status s = store_all(page->papers); !s.ok()) return s.error();
      return std::string();
    }
    case SourceFormat::kMetadataJson:
    case SourceFormat::kUnknown:
      break;
  }
  return std::string(
      "not a recognised arXiv document (expected an RSS/Atom listing, an API feed, "
      "an OAI-PMH response or JSON-lines metadata)");
}

Result<std::string> Run::import_json_lines(const InputFile& file) {
  LineReader reader;
  if (Status s = reader.open(file.path.string()); !s.ok()) return s.error().message;
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
    if (Status s = store(paper.value()); !s.ok()) return s.error();
  }
  if (!reader.status().ok()) return reader.status().error().message;
  if (bad_lines > 0)
    return std::to_string(bad_lines) + " of " + std::to_string(line_number) +
           " lines are not valid metadata (the others were imported); first: " + first_problem;
  return std::string();
}

Status Run::import_file(const InputFile& file) {
  Result<std::string> rejected = std::string();
  // Peek at the content to choose between whole-document XML and streamed JSON lines; a JSON
  // file is never read whole.
  LineReader peek;
  std::string first_line;
  if (Status s = peek.open(file.path.string()); !s.ok()) {
    rejected = s.error().message;
  } else {
    peek.next(first_line);
    if (!peek.status().ok()) {
      rejected = peek.status().error().message;
    } else if (detect_source_format(first_line.substr(0, 4096)) == SourceFormat::kMetadataJson) {
      rejected = import_json_lines(file);
    } else {
      rejected = import_xml(file);
    }
  }
  if (!rejected.ok()) return rejected.error();
  if (!rejected->empty()) {
    summary_.rejected.push_back({file.path.string(), rejected.value()});
    return {};
  }
  ++summary_.files_read;
  return writer_.set_metadata(file_key(file.path), file.fingerprint);
}

}  // namespace

Result<ImportSummary> import_paths(const fs::path& data_dir, const std::vector<std::string>& paths,
                                   const ImportOptions& options) {
  ImportSummary summary;
  std::vector<InputFile> files = expand(paths, summary.rejected);
  auto writer = PaperWriter::open(data_dir);
  if (!writer.ok()) return writer.error();
  Run run(*writer.value(), options, summary);
  uint64_t bytes_total = 0;
  for (const auto& f : files) bytes_total += f.size;
  run.set_totals(files.size(), bytes_total);
  for (const InputFile& file : files) {
    bool done_before = false;
    if (!options.force) {
      auto recorded = writer.value()->metadata(file_key(file.path));
      if (!recorded.ok()) return recorded.error();
      done_before = recorded.value() == file.fingerprint;
    }
    if (done_before) {
      ++summary.files_skipped;
    } else if (Status s = run.import_file(file); !s.ok()) {
      return s.error();
    }
    run.file_done(file);
  }
  if (Status s = run.finish(); !s.ok()) return s.error();
  summary.seconds = run.elapsed();
  return summary;
}

}  // namespace arxiv

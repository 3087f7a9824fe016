#include "index/importer.h"

#include <chrono>

#include "index/bulk_import.h"
#include "index/paper_store.h"
#include "index/schema.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

// The serial import: one writer, papers committed in batches, each file's checkpoint in the
// commit after its last paper.
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

Status Run::import_file(const InputFile& file) {
  auto outcome = read_input(file, [this](Paper& paper) { return store(paper); });
  if (!outcome.ok()) return outcome.error();
  if (!outcome->rejected.empty()) {
    summary_.rejected.push_back({file.path.string(), outcome->rejected});
    return {};
  }
  if (!outcome->listing_day.empty()) {
    const std::string key =
        std::string(schema::kListingDayPrefix) + schema::compact_day(outcome->listing_day);
    if (Status s = writer_.set_metadata(key, std::to_string(outcome->listing_items)); !s.ok())
      return s;
  }
  ++summary_.files_read;
  return writer_.set_metadata(imported_file_key(file.path), file.fingerprint);
}

}  // namespace

Result<ImportSummary> import_paths(const fs::path& data_dir, const std::vector<std::string>& paths,
                                   const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ImportSummary summary;
  std::vector<InputFile> files = expand_inputs(paths, summary.rejected);
  auto writer = PaperWriter::open(data_dir);
  if (!writer.ok()) return writer.error();
  std::unique_ptr<PaperWriter> target = std::move(writer).value();

  auto empty = target->empty();
  if (!empty.ok()) return empty.error();
  const size_t threads = import_threads(options);
  if (empty.value() && threads > 1) {
    auto bulk = bulk_import(data_dir, target, files, options, threads, summary);
    if (!bulk.ok()) return bulk.error();
    if (bulk.value()) {
      summary.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return summary;
    }
  }
  // Holding the writer, no bulk import runs: shards left by a killed one are stale.
  std::error_code ec;
  fs::remove_all(bulk_work_path(data_dir), ec);

  Run run(*target, options, summary);
  uint64_t bytes_total = 0;
  for (const auto& f : files) bytes_total += f.size;
  run.set_totals(files.size(), bytes_total);
  for (const InputFile& file : files) {
    bool done_before = false;
    if (!options.force) {
      auto recorded = target->metadata(imported_file_key(file.path));
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

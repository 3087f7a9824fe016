#include "index/bulk_import.h"

#include <fcntl.h>
#include <stdio.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "index/schema.h"
#include "index/xapian_error.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

// How many files a shard has finished; rides in the shard's commits and is dropped from the
// merged index.
constexpr std::string_view kFilesDoneKey = "bulk:files-done";

struct Plan {
  std::unordered_map<std::string, Xapian::docid> docids;  // base id -> docid in the index
  std::vector<InputOutcome> outcomes;                     // per file, from the first pass
  std::vector<Xapian::docid> shard_start;  // shard i holds [shard_start[i], shard_start[i+1])
  std::string text;                        // the files and the thread count, for resuming

  size_t shard_of(Xapian::docid docid) const {
    size_t i = 0;
    while (i + 1 < shard_start.size() && docid >= shard_start[i + 1]) ++i;
    return i;
  }
};

// The first pass: numbers the papers in the order a serial import adds them.
Result<Plan> make_plan(const std::vector<InputFile>& files, size_t threads) {
  Plan plan;
  Xapian::docid next = 1;
  const PaperSink number = [&](Paper& paper) -> Status {
    if (plan.docids.try_emplace(paper.id, next).second) ++next;
    return {};
  };
  std::ostringstream text;
  text << "threads " << threads << "\n";
  for (const auto& file : files) {
    auto outcome = read_input(file, number);
    if (!outcome.ok()) return outcome.error();
    plan.outcomes.push_back(std::move(outcome).value());
    text << file.fingerprint << " " << file.path.string() << "\n";
  }
  const size_t papers = next - 1;
  for (size_t i = 0; i <= threads; ++i)
    plan.shard_start.push_back(static_cast<Xapian::docid>(1 + papers * i / threads));
  plan.text = text.str();
  return plan;
}

fs::path shard_path(const fs::path& work, size_t i) {
  return work / ("shard-" + std::to_string(i));
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Keeps the shards of an earlier run of the same plan; anything else in the work directory is
// stale and removed.
Status prepare_work(const fs::path& work, const Plan& plan) {
  std::error_code ec;
  if (fs::exists(work / "plan", ec) && read_text(work / "plan") == plan.text) {
    fs::remove_all(work / "merged", ec);
    return {};
  }
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) return Error::unavailable("cannot create " + work.string() + ": " + ec.message());
  const fs::path tmp = work / "plan.tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << plan.text;
    if (!out.flush()) return Error::unavailable("cannot write " + tmp.string());
  }
  fs::rename(tmp, work / "plan", ec);
  if (ec)
    return Error::unavailable("cannot write " + (work / "plan").string() + ": " + ec.message());
  return {};
}

// Shared by the shard threads.
struct Shared {
  Shared(const std::vector<InputFile>& f, const Plan& p, const ImportOptions& o)
      : files(f), plan(p), options(o) {}

  const std::vector<InputFile>& files;
  const Plan& plan;
  const ImportOptions& options;
  // Together the shards commit as often as one serial writer: smaller batches keep each
  // shard's buffered postings small while two writers share the caches.
  size_t shard_batch = 1;
  std::atomic<size_t> papers{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  Error error;
  bool failed = false;

  // Progress belongs to the caller's thread (shard 0's), as on_progress expects.
  ImportProgress progress;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::atomic<size_t> running{0};  // shard threads other than the caller's still writing

  void report() {
    if (!options.on_progress) return;
    progress.papers = papers;
    progress.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    options.on_progress(progress);
  }

  void fail(Error e) {
    std::lock_guard<std::mutex> lock(mutex);
    if (!failed) error = std::move(e);
    failed = true;
    stop = true;
  }
};

// Writes shard `index`'s papers; shard 0 also writes the metadata every file leaves. Runs on its
// own thread (shard 0 on the caller's, which also reports progress).
Status fill_shard(Shared& shared, const fs::path& work, size_t index, UpsertCounts& counts) {
  auto opened = PaperWriter::open(shard_path(work, index));
  if (!opened.ok()) {
    // A shard killed while Xapian created it has no version file and cannot be opened. Shards are
    // scratch space: start this one again rather than fail every rerun.
    std::error_code ec;
    fs::remove_all(shard_path(work, index), ec);
    opened = PaperWriter::open(shard_path(work, index));
  }
  if (!opened.ok()) return opened.error();
  PaperWriter& writer = *opened.value();
  auto done = writer.metadata(std::string(kFilesDoneKey));
  if (!done.ok()) return done.error();
  size_t first = 0;
  const std::string& d = done.value();
  if (std::from_chars(d.data(), d.data() + d.size(), first).ec != std::errc()) first = 0;

  ImportProgress& progress = shared.progress;
  if (index == 0) {
    for (size_t j = 0; j < first && j < shared.files.size(); ++j)
      progress.bytes_done += shared.files[j].size;
  }
  auto report = [&] {
    if (index == 0) shared.report();
  };

  size_t pending = 0;
  const PaperSink store = [&](Paper& paper) -> Status {
    if (shared.stop) return Error::internal("stopped: another import thread failed");
    const auto planned = shared.plan.docids.find(paper.id);
    if (planned == shared.plan.docids.end())
      return Error::conflict("a file changed while it was imported (paper " + paper.id +
                             " was not in it before); run the import again");
    const Xapian::docid docid = planned->second;
    if (shared.plan.shard_of(docid) != index) return {};
    auto outcome = writer.upsert(paper, docid);
    if (!outcome.ok()) return outcome.error();
    counts.count(outcome.value());
    if (++shared.papers % 64 == 0) report();
    if (++pending >= shared.shard_batch) {
      pending = 0;
      return writer.commit();
    }
    return {};
  };
  for (size_t j = first; j < shared.files.size(); ++j) {
    const InputFile& file = shared.files[j];
    auto outcome = read_input(file, store);
    if (!outcome.ok()) return outcome.error();
    const InputOutcome& planned = shared.plan.outcomes[j];
    if (index == 0 && planned.rejected.empty()) {
      if (!planned.listing_day.empty()) {
        const std::string key =
            std::string(schema::kListingDayPrefix) + schema::compact_day(planned.listing_day);
        if (Status s = writer.set_metadata(key, std::to_string(planned.listing_items)); !s.ok())
          return s;
      }
      if (Status s = writer.set_metadata(imported_file_key(file.path), file.fingerprint); !s.ok())
        return s;
    }
    if (Status s = writer.set_metadata(std::string(kFilesDoneKey), std::to_string(j + 1)); !s.ok())
      return s;
    if (index == 0) {
      ++progress.files_done;
      progress.bytes_done += file.size;
    }
    report();
  }
  return writer.commit();
}

Status merge_shards(const fs::path& work, size_t threads, size_t papers) {
  const fs::path merged = work / "merged";
  return guard("merging the import's shards", [&]() -> Status {
    Xapian::Database all;
    for (size_t i = 0; i < threads; ++i)
      all.add_database(Xapian::Database(index_path(shard_path(work, i)).string()));
    // The shards' docid ranges follow one another, so the merge keeps every docid.
    all.compact(merged.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    Xapian::WritableDatabase db(merged.string(), Xapian::DB_OPEN);
    db.set_metadata(std::string(kFilesDoneKey), "");
    db.commit();
    if (db.get_doccount() != papers)
      return Error::internal("the merged import has " + std::to_string(db.get_doccount()) +
                             " papers, the plan " + std::to_string(papers));
    return {};
  });
}

// Exchanges the merged index with the empty one in one step, so a reader always finds an index.
Status swap_in(const fs::path& merged, const fs::path& index) {
  if (renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, index.c_str(), RENAME_EXCHANGE) == 0) return {};
  // File systems without RENAME_EXCHANGE get two renames; the writer lock still covers the gap.
  std::error_code ec;
  const fs::path old = merged.parent_path() / "replaced";
  fs::rename(index, old, ec);
  if (!ec) fs::rename(merged, index, ec);
  if (ec) return Error::unavailable("cannot move the imported index into place: " + ec.message());
  return {};
}

}  // namespace

fs::path bulk_work_path(const fs::path& data_dir) { return data_dir / "import.bulk"; }

size_t import_threads(const ImportOptions& options) {
  size_t n = options.threads;
  if (n == 0) n = std::thread::hardware_concurrency();
  return std::clamp<size_t>(n, 1, kMaxImportThreads);
}

Result<bool> bulk_import(const fs::path& data_dir, std::unique_ptr<PaperWriter>& target,
                         const std::vector<InputFile>& files, const ImportOptions& options,
                         size_t threads, ImportSummary& summary) {
  auto plan = make_plan(files, threads);
  if (!plan.ok()) return plan.error();
  const size_t papers = plan->docids.size();
  const size_t batch = std::max<size_t>(options.batch_size, 1);
  if (threads < 2 || papers < batch) return false;

  const fs::path work = bulk_work_path(data_dir);
  if (Status s = prepare_work(work, plan.value()); !s.ok()) return s.error();
  Shared shared(files, plan.value(), options);
  shared.shard_batch = std::max<size_t>(batch / threads, 1);
  shared.progress.files_total = files.size();
  for (const auto& f : files) shared.progress.bytes_total += f.size;
  std::vector<UpsertCounts> counts(threads);
  std::vector<std::thread> others;
  try {
    for (size_t i = 1; i < threads; ++i) {
      ++shared.running;
      others.emplace_back([&, i] {
        if (Status s = fill_shard(shared, work, i, counts[i]); !s.ok()) shared.fail(s.error());
        --shared.running;
      });
    }
  } catch (const std::system_error& e) {
    --shared.running;  // counted for the thread that did not start
    shared.fail(Error::internal(std::string("cannot start an import thread: ") + e.what()));
  }
  if (Status s = fill_shard(shared, work, 0, counts[0]); !s.ok()) shared.fail(s.error());
  // The progress line keeps moving while the other shards finish.
  while (shared.running > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    shared.report();
  }
  for (auto& t : others) t.join();
  if (shared.failed) return shared.error;
  shared.report();

  if (Status s = merge_shards(work, threads, papers); !s.ok()) return s.error();
  if (Status s = swap_in(work / "merged", index_path(data_dir)); !s.ok()) return s.error();
  target.reset();
  std::error_code ec;
  fs::remove_all(work, ec);

  for (const auto& c : counts) {
    summary.papers.added += c.added;
    summary.papers.updated += c.updated;
    summary.papers.unchanged += c.unchanged;
  }
  for (size_t j = 0; j < files.size(); ++j) {
    if (plan->outcomes[j].rejected.empty()) {
      ++summary.files_read;
    } else {
      summary.rejected.push_back({files[j].path.string(), plan->outcomes[j].rejected});
    }
  }
  return true;
}

}  // namespace arxiv

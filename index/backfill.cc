#include "index/backfill.h"

#include <algorithm>

#include "fetcher/text.h"
#include "index/paper_store.h"
#include "index/schema.h"

namespace arxiv {

namespace {

// Checkpoints live in the index's metadata: saving one commits the page's papers with it.
class IndexCheckpointStore final : public OaiCheckpointStore {
 public:
  explicit IndexCheckpointStore(PaperWriter& writer) : writer_(writer) {}

  Result<std::optional<OaiCheckpoint>> load() override {
    auto text = writer_.metadata(std::string(schema::kOaiCheckpoint));
    if (!text.ok()) return text.error();
    if (text->empty()) return std::optional<OaiCheckpoint>();
    auto checkpoint = checkpoint_from_string(text.value());
    if (!checkpoint.ok()) return checkpoint.error();
    return std::optional<OaiCheckpoint>(std::move(checkpoint).value());
  }
  Status save(const OaiCheckpoint& checkpoint) override {
    if (Status s = writer_.set_metadata(std::string(schema::kOaiCheckpoint),
                                        checkpoint_to_string(checkpoint));
        !s.ok())
      return s;
    return writer_.commit();
  }
  Status clear() override {
    if (Status s = writer_.set_metadata(std::string(schema::kOaiCheckpoint), ""); !s.ok()) return s;
    return writer_.commit();
  }

 private:
  PaperWriter& writer_;
};

std::string done_key(const OaiWindow& w) {
  return std::string(schema::kOaiDonePrefix) + w.set + ":" + w.from + ":" + w.until;
}

}  // namespace

Result<std::string> oai_set_for(const std::string& category) {
  static const char* kPhysicsArchives[] = {"astro-ph", "cond-mat", "gr-qc",   "hep-ex", "hep-lat",
                                           "hep-ph",   "hep-th",   "math-ph", "nlin",   "nucl-ex",
                                           "nucl-th",  "physics",  "quant-ph"};
  const size_t dot = category.find('.');
  const std::string archive = category.substr(0, dot);
  const std::string subject = dot == std::string::npos ? "" : category.substr(dot + 1);
  if (archive.empty() || (dot != std::string::npos && subject.empty()))
    return Error::invalid_input("not an arXiv category: '" + category + "'");
  for (const char* physics : kPhysicsArchives) {
    if (archive == physics) return "physics:" + archive + (subject.empty() ? "" : ":" + subject);
  }
  for (const char* group : {"cs", "econ", "eess", "math", "q-bio", "q-fin", "stat"}) {
    if (archive == group)
      return subject.empty() ? archive : archive + ":" + archive + ":" + subject;
  }
  return Error::invalid_input("not an arXiv category: '" + category + "'");
}

Result<BackfillReport> backfill(const std::filesystem::path& data_dir, PoliteClient& client,
                                const OaiWindow& base, const std::vector<std::string>& sets,
                                const MissedDays& missed,
                                const std::function<void(const BackfillReport&)>& on_progress) {
  auto writer = PaperWriter::open(data_dir);
  if (!writer.ok()) return writer.error();
  IndexCheckpointStore store(*writer.value());
  BackfillReport report;
  for (const auto& set : sets) {
    OaiWindow window = base;
    window.set = set;
    auto done = writer.value()->metadata(done_key(window));
    if (!done.ok()) return done.error();
    if (!done->empty()) {
      ++report.sets_skipped;
      continue;
    }
    auto sink = [&](const OaiPage& page) -> Status {
      for (const auto& harvested : page.papers) {
        Paper paper = harvested;
        if (missed.calendar != nullptr && paper.announcements.empty()) {
          auto known = writer.value()->contains(paper.id);
          if (!known.ok()) return known.error();
          const std::string day =
              known.value() ? "" : missed.calendar->listing_day_for_submission(paper.submitted);
          if (!day.empty() &&
              std::find(missed.days.begin(), missed.days.end(), day) != missed.days.end()) {
            paper.announcements.push_back({day, AnnounceType::kNew, 1});
            ++report.repaired[day];
          }
        }
        auto outcome = writer.value()->upsert(paper);
        if (!outcome.ok()) return outcome.error();
        ++report.papers;
        report.counts.count(outcome.value());
      }
      ++report.pages;
      return {};
    };
    auto summary = harvest(client, window, store, sink, [&](const HarvestSummary&) {
      if (on_progress) on_progress(report);
    });
    if (!summary.ok()) return summary.error();
    report.resumed = report.resumed || summary->resumed;
    if (report.response_date.empty()) report.response_date = summary->response_date;
    ++report.sets;
    if (Status s = writer.value()->set_metadata(
            done_key(window), summary->response_date.empty() ? "done" : summary->response_date);
        !s.ok())
      return s.error();
    if (Status s = writer.value()->commit(); !s.ok()) return s.error();
  }
  // The next incremental harvest starts from the first server response of this one.
  if (auto day = iso_day(report.response_date); day.ok()) {
    if (Status s = writer.value()->set_metadata(std::string(schema::kOaiLastHarvest), day.value());
        !s.ok())
      return s.error();
  }
  for (const auto& [day, count] : report.repaired) {
    const std::string marker = std::string(schema::kListingDayPrefix) + schema::compact_day(day);
    if (Status s = writer.value()->set_metadata(marker, std::to_string(count)); !s.ok())
      return s.error();
  }
  if (Status s = writer.value()->commit(); !s.ok()) return s.error();
  return report;
}

}  // namespace arxiv

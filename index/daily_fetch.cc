#include "index/daily_fetch.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "fetcher/listing_fetcher.h"
#include "index/fetch_status.h"
#include "index/paper_store.h"
#include "index/schema.h"

namespace arxiv {

namespace {

namespace fs = std::filesystem;

std::string iso_time(Clock::TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status save_raw(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const std::string tmp = path.string() + ".tmp";
  gzFile f = gzopen(tmp.c_str(), "wb");
  if (f == nullptr) return Error::unavailable("cannot write " + tmp);
  const bool ok =
      bytes.empty() || gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) > 0;
  if (gzclose(f) != Z_OK || !ok) return Error::unavailable("cannot write " + tmp);
  fs::rename(tmp, path, ec);
  if (ec) return Error::unavailable("cannot write " + path.string() + ": " + ec.message());
  return {};
}

// A paper can sit in several feeds (cross-listed into two groups); keep the strongest listing:
// new over cross over replacements.
int priority(const Paper& p) {
  switch (p.announcements.empty() ? AnnounceType::kUnknown : p.announcements.front().type) {
    case AnnounceType::kNew:
      return 0;
    case AnnounceType::kCross:
      return 1;
    case AnnounceType::kReplace:
      return 2;
    case AnnounceType::kReplaceCross:
      return 3;
    case AnnounceType::kUnknown:
      break;
  }
  return 4;
}

Result<DailyFetchReport> run(const fs::path& data_dir, PoliteClient& client,
                             const AnnouncementCalendar& calendar, const Clock& clock,
                             const DailyFetchOptions& options, FetchStatus& status) {
  DailyFetchReport report;
  report.due_day = calendar.latest_due(clock.now(), options.grace_minutes);
  if (!status.last_listing_day.empty() && status.last_listing_day >= report.due_day) return report;

  auto feeds = fetch_listing_feeds(client, options.rss_url, options.categories);
  if (!feeds.ok()) return feeds.error();
  for (const auto& f : feeds.value()) report.feed_day = std::max(report.feed_day, f.feed.day);
  for (size_t i = 0; i < feeds->size(); ++i) {
    const std::string name = (report.feed_day.empty() ? "undated" : report.feed_day) + "-" +
                             std::to_string(i) + ".xml.gz";
    if (Status s = save_raw(data_dir / "raw" / "rss" / name, (*feeds)[i].raw); !s.ok())
      return s.error();
  }
  // Every group must have advanced: a stale group would silently drop its categories' papers.
  for (const auto& f : feeds.value()) {
    if (f.feed.day.empty() || f.feed.day < report.due_day ||
        (!status.last_listing_day.empty() && f.feed.day <= status.last_listing_day)) {
      report.outcome = DailyOutcome::kStale;
      report.feed_day = f.feed.day;
      return report;
    }
  }

  std::map<std::string, const Paper*> papers;
  for (const auto& f : feeds.value()) {
    for (const auto& p : f.feed.papers) {
      auto [it, inserted] = papers.emplace(p.id, &p);
      if (!inserted && priority(p) < priority(*it->second)) it->second = &p;
    }
  }
  auto writer = PaperWriter::open(data_dir);
  if (!writer.ok()) return writer.error();
  DayRecord record{report.feed_day, papers.size(), {}};
  for (const auto& [id, paper] : papers) {
    auto outcome = writer.value()->upsert(*paper);
    if (!outcome.ok()) return outcome.error();
    report.counts.count(outcome.value());
    for (const auto& c : paper->categories) {
      if (std::find(options.categories.begin(), options.categories.end(), c) !=
          options.categories.end())
        ++record.by_category[c];
    }
  }
  const std::string marker =
      std::string(schema::kListingDayPrefix) + schema::compact_day(report.feed_day);
  if (Status s = writer.value()->set_metadata(marker, std::to_string(papers.size())); !s.ok())
    return s.error();
  if (Status s = writer.value()->commit(); !s.ok()) return s.error();

  report.papers = papers.size();
  report.outcome = papers.empty() ? DailyOutcome::kNoAnnouncement : DailyOutcome::kIngested;
  if (!status.last_listing_day.empty()) {
    for (const auto& day :
         calendar.listing_days_between(status.last_listing_day, report.feed_day)) {
      if (day != report.feed_day) report.missing_days.push_back(day);
    }
  }
  status.last_listing_day = report.feed_day;
  status.recent.push_back(std::move(record));
  if (status.recent.size() > FetchStatus::kRecentDays) status.recent.erase(status.recent.begin());
  for (const auto& d : report.missing_days) {
    if (std::find(status.missing_days.begin(), status.missing_days.end(), d) ==
        status.missing_days.end())
      status.missing_days.push_back(d);
  }
  return report;
}

}  // namespace

Result<DailyFetchReport> fetch_daily(const fs::path& data_dir, PoliteClient& client,
                                     const AnnouncementCalendar& calendar, const Clock& clock,
                                     const DailyFetchOptions& options) {
  auto loaded = load_fetch_status(data_dir);
  if (!loaded.ok()) return loaded.error();
  FetchStatus status = std::move(loaded).value();
  status.last_attempt = iso_time(clock.now());
  auto report = run(data_dir, client, calendar, clock, options, status);
  if (!report.ok()) {
    status.last_error = report.error().message;
  } else if (report->outcome == DailyOutcome::kStale) {
    status.last_error = "stale: the feed is dated " +
                        (report->feed_day.empty() ? "nothing" : report->feed_day) +
                        ", the listing of " + report->due_day + " is due";
  } else {
    status.last_error.clear();
    status.last_success = status.last_attempt;
  }
  if (Status s = save_fetch_status(data_dir, status); !s.ok() && report.ok()) return s.error();
  return report;
}

}  // namespace arxiv

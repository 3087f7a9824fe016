#include "server/mail_run.h"

#include <date/date.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>

#include "index/day_summary.h"
#include "index/feedback_store.h"
#include "index/paper_store.h"
#include "index/profile.h"
#include "index/ranker.h"
#include "index/subscriber_store.h"
#include "server/mail_digest.h"
#include "server/mime_message.h"

namespace arxiv {

namespace {

// Held for the whole run, so two runs (cron and a hand-started one) never both find a day unsent
// and both send it. flock() locks die with the process, so a killed run leaves no stale lock.
class RunLock {
 public:
  static Result<RunLock> take(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    const auto path = data_dir / "mail.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
      return Error::unavailable("cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Error::conflict("another mail run is going on (it holds " + path.string() + ")");
    }
    return RunLock(fd);
  }
  RunLock(RunLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_;
};

std::optional<date::sys_days> parse_day(const std::string& day) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

std::string format_day(date::sys_days day) { return date::format("%F", day); }

date::sys_days monday_of(date::sys_days day) {
  return day - date::days{(date::weekday{day}.iso_encoding() - 1)};
}

// "Name <a@b>" -> "a@b": the envelope sender.
std::string bare_address(const std::string& from) {
  const auto open = from.rfind('<');
  const auto close = from.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return from;
  return from.substr(open + 1, close - open - 1);
}

Status check(const MailRunOptions& o, const MailTransport* transport) {
  if (!o.day.empty() && !parse_day(o.day))
    return Error::invalid_input("the day to mail must be YYYY-MM-DD (got '" + o.day + "')");
  if (o.catch_up < 1) return Error::invalid_input("the catch-up window needs at least one day");
  if (o.from.empty()) return Error::invalid_input("no sender address (--from, [mail] from)");
  if (o.public_url.empty())
    return Error::invalid_input("no public URL for the links (--public-url, [mail] public-url)");
  if (o.top_n == 0) return Error::invalid_input("papers per profile must be at least 1");
  if (!transport && o.dry_run_dir.empty())
    return Error::invalid_input("no mail transport configured");
  return {};
}

// One day's digest (every profile) and coverage, built once per run and shared by subscribers.
struct DayDigest {
  Digest digest;
  DaySummary coverage;
};

class MailRun {
 public:
  MailRun(const std::filesystem::path& data_dir, const Templates& templates,
          const MailTransport* transport, const AnnouncementCalendar& calendar, const Clock& clock,
          const MailRunOptions& options)
      : data_dir_(data_dir),
        templates_(templates),
        transport_(transport),
        calendar_(calendar),
        clock_(clock),
        options_(options) {}

  Result<MailRunReport> run() {
    auto reader = PaperReader::open(data_dir_);
    if (!reader.ok()) return reader.error();
    reader_ = std::move(reader).value();
    std::vector<std::string> window = days_to_look_at();
    if (window.empty()) return Error::invalid_input("the calendar has no listing day due yet");
    auto newest = reader_->listing_seen(window.back());
    if (!newest.ok()) return newest.error();
    if (!newest.value()) {
      report_.incomplete_day = window.back();
      return std::move(report_);
    }
    for (const auto& day : window) {
      auto seen = reader_->listing_seen(day);
      if (!seen.ok()) return seen.error();
      (seen.value() ? report_.days : report_.skipped_days).push_back(day);
    }
    auto profiles = load_or_create_profiles(data_dir_);
    if (!profiles.ok()) return profiles.error();
    profiles_ = std::move(profiles).value();
    auto feedback = stored_feedback(data_dir_);
    if (!feedback.ok()) return feedback.error();
    feedback_ = std::move(feedback).value();
    auto store = SubscriberStore::open(data_dir_, clock_);
    if (!store.ok()) return store.error();
    auto subscribers = store->list();
    if (!subscribers.ok()) return subscribers.error();
    for (const auto& day : report_.days) {
      auto papers = reader_->papers_on(day);
      if (!papers.ok()) return papers.error();
      if (papers.value() == 0 && !options_.send_empty_days) report_.empty_days.push_back(day);
      for (const auto& s : subscribers.value())
        if (auto status = mail(store.value(), s, day); !status.ok()) return status.error();
    }
    return std::move(report_);
  }

 private:
  std::vector<std::string> days_to_look_at() const {
    if (!options_.day.empty()) return {options_.day};
    std::vector<std::string> days{calendar_.latest_due(clock_.now(), options_.grace_minutes)};
    if (days.front().empty()) return {};
    while (static_cast<int>(days.size()) < options_.catch_up) {
      std::string before = calendar_.previous_listing_day(days.front());
      if (before.empty()) break;
      days.insert(days.begin(), std::move(before));
    }
    return days;
  }

  // The days `s` is due a message for on `day`: the day itself (daily), the week's complete days
  // when `day` ends a week (weekly), or none. Days without papers are left out unless they are to
  // be mailed; an empty result means nothing is due.
  Result<std::vector<std::string>> covered_days(const Subscriber& s, const std::string& day) {
    std::vector<std::string> days;
    if (s.cadence == Cadence::kDaily) {
      days.push_back(day);
    } else {
      // A week ends on a listing day; an explicit weekend day ends none.
      if (!calendar_.is_listing_day(day)) return days;
      const auto this_day = *parse_day(day);
      const auto next = parse_day(calendar_.next_listing_day(day));
      if (next && monday_of(*next) == monday_of(this_day)) return days;
      const std::string sunday = format_day(monday_of(this_day) - date::days{1});
      for (const auto& d : calendar_.listing_days_between(sunday, day)) {
        auto seen = reader_->listing_seen(d);
        if (!seen.ok()) return seen.error();
        if (seen.value()) days.push_back(d);
      }
    }
    std::vector<std::string> with_papers;
    for (const auto& d : days) {
      auto papers = reader_->papers_on(d);
      if (!papers.ok()) return papers.error();
      if (papers.value() > 0) with_papers.push_back(d);
    }
    if (with_papers.empty() && !options_.send_empty_days) return with_papers;
    return with_papers.empty() ? days : with_papers;
  }

  Result<const DayDigest*> day_digest(const std::string& day) {
    auto it = digests_.find(day);
    if (it != digests_.end()) return &it->second;
    DigestOptions digest_options{day, "", 0, &feedback_, Scoring::kFull, nullptr};
    auto digest = build_digest(*reader_, profiles_, digest_options);
    if (!digest.ok()) return digest.error();
    auto coverage = summarize_day(*reader_, day);
    if (!coverage.ok()) return coverage.error();
    auto [at, added] =
        digests_.emplace(day, DayDigest{std::move(digest).value(), std::move(coverage).value()});
    return &at->second;
  }

  Status mail(SubscriberStore& store, const Subscriber& s, const std::string& day) {
    // Without an explicit day, days before the subscription are not the subscriber's (a weekly
    // subscriber's day ends the week, so they get the week they subscribed in).
    if (options_.day.empty() && day < s.created_at.substr(0, 10)) return {};
    auto sent = store.already_sent(s.email, day);
    if (!sent.ok()) return sent.error();
    if (sent.value()) {
      ++report_.already_sent;
      return {};
    }
    auto days = covered_days(s, day);
    if (!days.ok()) return days.error();
    if (days->empty()) return {};
    DigestMailInput input;
    input.to = s.email;
    input.from = options_.from;
    input.profiles = s.profiles;
    std::string base = options_.public_url;
    while (base.ends_with('/')) base.pop_back();
    input.public_url = base;
    input.unsubscribe_url = base + "/unsubscribe?token=" + s.token;
    input.top_n = options_.top_n;
    input.date = clock_.now();
    for (const auto& d : days.value()) {
      auto built = day_digest(d);
      if (!built.ok()) return built.error();
      input.digests.push_back(built.value()->digest);
      input.coverage.push_back(built.value()->coverage);
    }
    auto message = build_digest_message(input, templates_);
    if (!message.ok()) return message.error();
    message->message_id = new_message_id(options_.from);
    auto bytes = render_message(message.value());
    if (!options_.dry_run_dir.empty()) return write_file(s, day, bytes);
    Status delivered = bytes.ok()
                           ? transport_->send(bare_address(options_.from), s.email, bytes.value())
                           : Status(bytes.error());
    const std::string error = delivered.ok() ? "" : delivered.error().message;
    report_.outcomes.push_back(
        {s.email, day, delivered.ok() ? MailOutcome::Kind::kSent : MailOutcome::Kind::kFailed,
         error});
    return store.record_attempt(s.email, day, delivered.ok(), error, message->message_id);
  }

  Status write_file(const Subscriber& s, const std::string& day, const Result<std::string>& bytes) {
    if (!bytes.ok()) {
      report_.outcomes.push_back({s.email, day, MailOutcome::Kind::kFailed, bytes.error().message});
      return {};
    }
    std::error_code ec;
    std::filesystem::create_directories(options_.dry_run_dir, ec);
    const auto path = options_.dry_run_dir / (day + "-" + s.email + ".eml");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes.value();
    out.close();
    if (!out) return Error::unavailable("cannot write " + path.string());
    report_.outcomes.push_back({s.email, day, MailOutcome::Kind::kWritten, path.string()});
    return {};
  }

  const std::filesystem::path& data_dir_;
  const Templates& templates_;
  const MailTransport* transport_;
  const AnnouncementCalendar& calendar_;
  const Clock& clock_;
  const MailRunOptions& options_;
  std::unique_ptr<PaperReader> reader_;
  std::vector<Profile> profiles_;
  Feedback feedback_;
  std::map<std::string, DayDigest> digests_;
  MailRunReport report_;
};

}  // namespace

size_t MailRunReport::count(MailOutcome::Kind kind) const {
  size_t n = 0;
  for (const auto& o : outcomes) n += o.kind == kind;
  return n;
}

Result<MailRunReport> run_mail(const std::filesystem::path& data_dir, const Templates& templates,
                               const MailTransport* transport, const AnnouncementCalendar& calendar,
                               const Clock& clock, const MailRunOptions& options) {
  if (auto s = check(options, transport); !s.ok()) return s.error();
  auto lock = RunLock::take(data_dir);
  if (!lock.ok()) return lock.error();
  return MailRun(data_dir, templates, transport, calendar, clock, options).run();
}

}  // namespace arxiv

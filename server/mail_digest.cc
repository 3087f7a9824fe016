#include "server/mail_digest.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "fetcher/text.h"
#include "index/full_paper_json.h"
#include "server/latex_text.h"
#include "server/pages.h"

namespace arxiv {

namespace {

// A mail names the first authors of a collaboration, like a digest card.
constexpr size_t kAuthorsShown = 6;
// Enough of the abstract to decide whether to open the paper; the link has the rest.
constexpr size_t kExcerptChars = 300;
// Plain-text readers (mutt, a terminal) show lines as sent.
constexpr size_t kTextWidth = 76;

// The first `limit` characters of `text`, cut at a space, with "…" when anything was cut.
std::string excerpt(const std::string& text, size_t limit) {
  size_t i = 0, chars = 0, last_space = 0;
  while (i < text.size() && chars < limit) {
    if (text[i] == ' ') last_space = i;
    i += utf8_sequence_length(text[i]);
    ++chars;
  }
  if (i >= text.size()) return text;
  return text.substr(0, last_space > 0 ? last_space : i) + " …";
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

// The text part as a plain-text reader should see it: no blank lines at the start or two in a
// row (a skipped mustache section leaves one), and lines longer than the width broken at spaces,
// continuations indented like the line (past the "* " of a bullet). A word longer than the width
// (a URL) stays whole.
std::string tidy_text(const std::string& text, size_t width) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() && (out.empty() || out.ends_with("\n\n"))) continue;
    std::string indent = line.substr(0, line.find_first_not_of(' '));
    if (line.compare(indent.size(), 2, "* ") == 0) indent += "  ";
    while (true) {
      size_t chars = 0, i = 0, cut = std::string::npos;
      for (; i < line.size() && chars <= width; i += utf8_sequence_length(line[i]), ++chars)
        if (line[i] == ' ' && i > indent.size()) cut = i;
      if ((i >= line.size() && chars <= width) || cut == std::string::npos) break;
      out += line.substr(0, cut) + "\n";
      line = indent + line.substr(cut + 1);
    }
    out += line + "\n";
  }
  return out;
}

const ProfileDigest* profile_of(const Digest& digest, const std::string& name) {
  for (const auto& pd : digest.profiles)
    if (pd.name == name) return &pd;
  return nullptr;
}

struct Candidate {
  const RankedPaper* ranked;
  std::string day;
  size_t rank;
};

std::string kind_label(const std::string& announce_type) {
  if (announce_type == "new") return "new";
  if (announce_type == "cross") return "cross-list";
  if (announce_type == "replace" || announce_type == "replace-cross") return "updated";
  return "listed";
}

std::string why_text(const RankedPaper& r) {
  std::vector<std::string> reasons = r.matched;
  if (!r.why.learned.empty()) {
    std::vector<std::string> labels;
    for (const auto& t : r.why.learned) labels.push_back(t.label);
    reasons.push_back("learned from your likes: " + joined(labels, ", "));
  }
  if (r.why.nearest_liked)
    reasons.push_back("like \"" + latex_to_text(r.why.nearest_liked->title) + "\"");
  // Nothing above explains it: it ranked on its likeness to the profile's description.
  if (reasons.empty() && r.why.interest_score > 0) reasons.push_back("close to the description");
  return joined(reasons, "; ");
}

nlohmann::json paper_json(const Candidate& c, const std::vector<std::string>& profiles,
                          bool several_days) {
  const Paper& p = c.ranked->paper;
  std::vector<std::string> authors;
  for (size_t i = 0; i < p.authors.size() && i < kAuthorsShown; ++i)
    authors.push_back(latex_to_text(p.authors[i]));
  std::string author_line = joined(authors, ", ");
  if (p.authors.size() > kAuthorsShown)
    author_line += " et al. (" + std::to_string(p.authors.size()) + " authors)";
  return {{"id", p.id},
          {"title", latex_to_text(p.title)},
          {"authors", author_line},
          {"kind", kind_label(c.ranked->announce_type)},
          {"categories", joined(p.categories, ", ")},
          {"day", several_days ? pages::weekday_name(c.day) + " " + c.day : ""},
          {"abs_url", abs_url(p)},
          {"why", why_text(*c.ranked)},
          {"profiles", profiles.size() > 1 ? joined(profiles, ", ") : ""},
          {"abstract", excerpt(latex_to_text(p.abstract), kExcerptChars)}};
}

std::string trimmed_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Status check(const DigestMailInput& input) {
  if (input.digests.empty()) return Error::invalid_input("a digest mail needs at least one day");
  if (input.profiles.empty()) return Error::invalid_input("a digest mail needs a profile");
  if (input.top_n == 0) return Error::invalid_input("top_n must be at least 1");
  if (input.public_url.empty()) return Error::invalid_input("the public URL is empty");
  if (input.unsubscribe_url.empty()) return Error::invalid_input("the unsubscribe URL is empty");
  for (const auto& d : input.digests) {
    const bool summarised = std::any_of(input.coverage.begin(), input.coverage.end(),
                                        [&](const DaySummary& s) { return s.day == d.day; });
    if (!summarised) return Error::invalid_input("no coverage summary for " + d.day);
  }
  return {};
}

// The view of both templates.
class MailView {
 public:
  explicit MailView(const DigestMailInput& input)
      : input_(input), public_url_(trimmed_url(input.public_url)) {}

  nlohmann::json build() {
    index_profiles();
    nlohmann::json sections = nlohmann::json::array();
    std::vector<std::string> missing;
    for (const auto& name : input_.profiles) {
      if (lists_.count(name)) {
        sections.push_back(section(name));
      } else {
        missing.push_back(name);
      }
    }
    const bool several = input_.digests.size() > 1;
    const std::string& first = input_.digests.front().day;
    const std::string& last = input_.digests.back().day;
    nlohmann::json view = {
        {"subject", subject()},
        {"heading", several ? "arXiv digest, " + first + " to " + last
                            : "arXiv digest for " + pages::weekday_name(first) + " " + first},
        {"coverage", coverage()},
        {"web_url", public_url_ + pages::link("/", {{"date", last}})},
        {"profiles_url", public_url_ + "/profiles"},
        {"unsubscribe_url", input_.unsubscribe_url},
        {"sections", sections},
        {"missing", joined(missing, ", ")}};
    return view;
  }

  std::string subject() const {
    const std::string& first = input_.digests.front().day;
    const std::string& last = input_.digests.back().day;
    const std::string days = first == last ? first : first + " to " + last;
    const size_t n = shown_.size();
    const std::string count = n == 0   ? "no papers"
                              : n == 1 ? "1 paper"
                                       : std::to_string(n) + " papers";
    std::vector<std::string> names;
    for (const auto& name : input_.profiles)
      if (lists_.count(name)) names.push_back(name);
    return "arXiv digest " + days + ": " + count + " for " +
           (names.empty() ? joined(input_.profiles, ", ") : joined(names, ", "));
  }

 private:
  // Every subscribed profile's papers over all days, and the profiles listing each paper.
  void index_profiles() {
    for (const auto& name : input_.profiles) {
      for (const auto& digest : input_.digests) {
        const ProfileDigest* pd = profile_of(digest, name);
        if (!pd) continue;
        auto& list = lists_[name];
        for (size_t rank = 0; rank < pd->papers.size(); ++rank) {
          const RankedPaper& r = pd->papers[rank];
          list.push_back({&r, digest.day, rank});
          auto& names = profiles_of_[r.paper.id];
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
      }
    }
    // One day keeps the ranker's order; across days scores are comparable (one index's BM25).
    if (input_.digests.size() > 1)
      for (auto& [name, list] : lists_)
        std::stable_sort(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) {
          return a.ranked->score > b.ranked->score;
        });
  }

  nlohmann::json section(const std::string& name) {
    const auto& list = lists_.at(name);
    const bool several = input_.digests.size() > 1;
    nlohmann::json papers = nlohmann::json::array(), above = nlohmann::json::array();
    std::map<std::string, size_t> left_out;  // day -> papers of that day not in the mail
    for (size_t i = 0; i < list.size(); ++i) {
      const Candidate& c = list[i];
      if (i >= input_.top_n) {
        ++left_out[c.day];
        continue;
      }
      const std::string& id = c.ranked->paper.id;
      if (auto it = shown_.find(id); it != shown_.end()) {
        above.push_back(
            {{"id", id}, {"title", latex_to_text(c.ranked->paper.title)}, {"under", it->second}});
        continue;
      }
      shown_.emplace(id, name);
      papers.push_back(paper_json(c, profiles_of_.at(id), several));
    }
    nlohmann::json more = nlohmann::json::array();
    for (const auto& [day, count] : left_out)
      more.push_back({{"count", count},
                      {"day", pages::weekday_name(day) + " " + day},
                      {"url", public_url_ + pages::link("/", {{"date", day}, {"profile", name}})}});
    std::string title = name;
    for (const auto& digest : input_.digests)
      if (const ProfileDigest* pd = profile_of(digest, name); pd && !pd->title.empty())
        title = pd->title;
    // "Compositionality (compositionality)" says the name twice.
    std::string lowered = title;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lowered != name) title += " (" + name + ")";
    return {{"name", name},   {"title", title}, {"papers", papers},
            {"above", above}, {"more", more},   {"nothing", list.empty()}};
  }

  nlohmann::json coverage() const {
    size_t fresh = 0, cross = 0, updated = 0;
    for (const auto& digest : input_.digests) {
      auto s = std::find_if(input_.coverage.begin(), input_.coverage.end(),
                            [&](const DaySummary& d) { return d.day == digest.day; });
      fresh += s->new_papers;
      cross += s->cross;
      updated += s->updated;
    }
    return {{"new", fresh},
            {"cross", cross},
            {"updated", updated},
            {"matched", profiles_of_.size()},
            {"days", input_.digests.size()},
            {"several_days", input_.digests.size() > 1}};
  }

  const DigestMailInput& input_;
  const std::string public_url_;
  std::map<std::string, std::vector<Candidate>> lists_;
  std::map<std::string, std::vector<std::string>> profiles_of_;  // paper id -> profiles
  std::map<std::string, std::string> shown_;  // paper id -> the profile it is shown under
};

}  // namespace

Result<MimeMessage> build_digest_message(const DigestMailInput& input, const Templates& templates) {
  if (auto checked = check(input); !checked.ok()) return checked.error();
  MailView builder(input);
  const nlohmann::json view = builder.build();
  auto text = templates.render("mail_text", view);
  if (!text.ok()) return text.error();
  auto html = templates.render("mail_html", view);
  if (!html.ok()) return html.error();
  MimeMessage message;
  message.from = input.from;
  message.to = input.to;
  message.subject = view["subject"].get<std::string>();
  message.date = input.date;
  message.message_id = new_message_id(input.from);
  message.headers = {{"List-Unsubscribe", "<" + input.unsubscribe_url + ">"},
                     {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                     {"Auto-Submitted", "auto-generated"}};
  message.text = tidy_text(text.value(), kTextWidth);
  message.html = std::move(html).value();
  return message;
}

}  // namespace arxiv

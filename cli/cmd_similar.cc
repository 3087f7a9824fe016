// arxiv-triage similar: the papers most like a given one.
#include <cstdio>

#include "cli/commands.h"
#include "cli/text_output.h"
#include "index/paper_store.h"
#include "index/ranked_json.h"
#include "index/similar.h"

namespace arxiv::cli {

namespace {

struct SimilarArgs {
  std::string id;
  std::string from, to;
  size_t limit = 10;
  std::string format = "text";
};

// The words shown in the text header; JSON lists them all.
constexpr size_t kTermsShown = 12;

std::string text_of(const SimilarPapers& similar) {
  std::string out = "Papers like arXiv:" + similar.source.id + ": " + similar.source.title + "\n";
  if (!similar.terms.empty()) {
    out += "its words:";
    for (size_t i = 0; i < similar.terms.size() && i < kTermsShown; ++i)
      out += (i ? ", " : " ") + similar.terms[i];
    out += "\n";
  }
  // The same list as search prints; its count is of the papers shown.
  return out + format_search_text({similar.papers.size(), similar.papers}, 0);
}

nlohmann::json json_of(const SimilarPapers& similar) {
  nlohmann::json papers = nlohmann::json::array();
  for (const auto& r : similar.papers) papers.push_back(ranked_paper_json(r));
  return {{"id", similar.source.id},
          {"title", similar.source.title},
          {"terms", similar.terms},
          {"papers", std::move(papers)}};
}

int run_similar(const Globals& globals, const SimilarArgs& args) {
  auto reader = PaperReader::open(globals.data_dir);
  if (!reader.ok()) return report_error(reader.error());
  SimilarOptions options;
  options.from = args.from;
  options.to = args.to;
  options.limit = args.limit;
  auto similar = similar_papers(*reader.value(), args.id, options);
  if (!similar.ok()) return report_error(similar.error());
  if (args.format == "json") {
    std::printf("%s\n", json_of(similar.value()).dump(2).c_str());
  } else {
    std::fputs(text_of(similar.value()).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void add_similar_command(CLI::App& app, const Globals& globals, int& exit_code) {
  auto args = std::make_shared<SimilarArgs>();
  CLI::App* cmd = app.add_subcommand("similar", "List the papers most like a given one");
  cmd->add_option("id", args->id, "arXiv id: 2503.18646, 2503.18646v2, hep-th/9901001")->required();
  cmd->add_option("--from", args->from, "First announcement day YYYY-MM-DD");
  cmd->add_option("--to", args->to, "Last announcement day YYYY-MM-DD");
  cmd->add_option("--limit", args->limit, "Papers to show")->check(CLI::Range(1, 10000));
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&globals, &exit_code, args] { exit_code = run_similar(globals, *args); });
}

}  // namespace arxiv::cli

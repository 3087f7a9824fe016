// Judgment files: the tab-separated labels a researcher writes (and shared/eval/labels-dev holds),
// one `<profile>.tsv` per profile, lines `id<TAB>grade[<TAB>anything]` with grade 2 = like (must
// read), 1 = no signal (partly relevant), 0 = dismiss. Blank lines, a missing final newline and
// CRLF line ends are accepted. Ids are checked and normalised with parse_arxiv_id.
//
// Pure functions (plus reading files); thread-safe. Every failure is kInvalidInput naming the
// file and line, "nas.tsv:12: grade must be 0, 1 or 2 (got '5')", except unreadable files
// (kNotFound) and directories without any labels file (kNotFound).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fetcher/result.h"
#include "index/feedback_store.h"

namespace arxiv {

// Judgments by profile name.
using LabelSet = std::map<std::string, std::vector<Judgment>>;

// Parses a judgment file's text, in file order. `source_name` prefixes errors. An id graded
// twice is an error (the file would contradict itself).
Result<std::vector<Judgment>> parse_labels(std::string_view text, std::string_view source_name);

// Reads and parses one file; errors name the file by its file name.
Result<std::vector<Judgment>> load_labels_file(const std::filesystem::path& path);

// Every `<profile>.tsv` directly in `dir`, keyed by the file name without `.tsv`. Other files
// are ignored. The first bad file fails the whole load.
Result<LabelSet> load_labels_dir(const std::filesystem::path& dir);

}  // namespace arxiv

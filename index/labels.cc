#include "index/labels.h"

#include <algorithm>
#include <system_error>
#include <unordered_map>

#include "fetcher/paper.h"
#include "fetcher/source_file.h"

namespace arxiv {
namespace {

constexpr std::string_view kSuffix = ".tsv";

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

Result<std::vector<Judgment>> parse_labels(std::string_view text, std::string_view source_name) {
  std::vector<Judgment> out;
  std::unordered_map<std::string, size_t> first_line;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (is_blank(line)) continue;
    auto fail = [&](const std::string& what) {
      return Error::invalid_input(std::string(source_name) + ":" + std::to_string(line_no) + ": " +
                                  what);
    };
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return fail("expected id<TAB>grade, found no tab");
    const std::string_view id_text = line.substr(0, tab);
    std::string_view grade_text = line.substr(tab + 1);
    grade_text = grade_text.substr(0, grade_text.find('\t'));
    auto id = parse_arxiv_id(id_text);
    if (!id.ok()) return fail("not an arXiv id: '" + std::string(id_text) + "'");
    if (grade_text != "0" && grade_text != "1" && grade_text != "2")
      return fail("grade must be 0, 1 or 2 (got '" + std::string(grade_text) + "')");
    auto [seen, fresh] = first_line.emplace(id->base, line_no);
    if (!fresh)
      return fail(id->base + " is graded twice (first on line " + std::to_string(seen->second) +
                  ")");
    out.push_back({id->base, static_cast<Grade>(grade_text[0] - '0')});
  }
  return out;
}

Result<std::vector<Judgment>> load_labels_file(const std::filesystem::path& path) {
  auto text = read_source_file(path.string());
  if (!text.ok()) return Error::not_found("cannot read labels file " + path.string());
  return parse_labels(text.value(), path.filename().string());
}

Result<LabelSet> load_labels_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > kSuffix.size() && name.ends_with(kSuffix) && it->is_regular_file(ec))
      files.push_back(it->path());
  }
  if (ec) return Error::not_found("cannot read labels directory " + dir.string());
  if (files.empty()) return Error::not_found("no labels files (<profile>.tsv) in " + dir.string());
  std::sort(files.begin(), files.end());
  LabelSet out;
  for (const auto& file : files) {
    auto labels = load_labels_file(file);
    if (!labels.ok()) return labels.error();
    out[file.stem().string()] = std::move(labels).value();
  }
  return out;
}

}  // namespace arxiv

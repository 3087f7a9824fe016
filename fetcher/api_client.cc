#include "fetcher/api_client.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "fetcher/url.h"

namespace arxiv {
namespace {

// The API is known to answer an empty page now and then while totalResults says entries exist;
// asking again usually gives the real page.
constexpr int kEmptyPageRetries = 3;

}  // namespace

Result<std::vector<Paper>> ApiClient::lookup(const std::vector<std::string>& ids,
                                             size_t batch_size) {
  if (batch_size == 0) return Error::invalid_input("arXiv API lookup needs a batch size above 0");
  // Every id is checked before the first request, so a typo costs no traffic.
  std::vector<ArxivId> wanted;
  std::set<std::string> seen;
  for (const std::string& text : ids) {
    auto id = parse_arxiv_id(text);
    if (!id) return Error::invalid_input("arXiv API lookup: '" + text + "': " + id.error().message);
    if (seen.insert(id->base).second) wanted.push_back(*id);
  }

  std::map<std::string, Paper> found;
  for (size_t first = 0; first < wanted.size(); first += batch_size) {
    const size_t count = std::min(batch_size, wanted.size() - first);
    std::string id_list;
    for (size_t i = first; i < first + count; ++i) {
      if (!id_list.empty()) id_list += ',';
      const ArxivId& id = wanted[i];
      id_list += url_encode(id.version > 0 ? id.base + "v" + std::to_string(id.version) : id.base);
    }
    auto page = get_page(
        base_url_ + "?id_list=" + id_list + "&max_results=" + std::to_string(count) + "&start=0",
        true);
    if (!page) return page.error();
    for (Paper& paper : page->papers) found.emplace(paper.id, std::move(paper));
  }

  std::vector<Paper> papers;
  for (const ArxivId& id : wanted) {
    auto it = found.find(id.base);
    if (it != found.end()) papers.push_back(std::move(it->second));
  }
  return papers;
}

Result<ApiPage> ApiClient::query(const std::string& search_query, size_t start,
                                 size_t max_results) {
  return get_page(base_url_ + "?search_query=" + url_encode(search_query) + "&start=" +
                      std::to_string(start) + "&max_results=" + std::to_string(max_results),
                  max_results > 0);
}

Result<ApiPage> ApiClient::get_page(const std::string& url, bool expect_entries) {
  for (int attempt = 0; attempt <= kEmptyPageRetries; ++attempt) {
    auto response = client_.get(url);
    if (!response) return response.error();
    // arXiv sends its error feed with HTTP 400, so a 400 body is parsed for the reason.
    if (response->status != 200 && response->status != 400) {
      return Error::unavailable("arXiv API request " + url + " answered HTTP " +
                                std::to_string(response->status));
    }
    auto page = parse_api_response(response->body);
    if (!page) {
      Error error = page.error();
      error.message = "arXiv API response to " + url + ": " + error.message;
      return error;
    }
    if (response->status == 400) {
      return Error::invalid_input("arXiv API request " + url +
                                  " answered HTTP 400 without an error entry");
    }
    if (!expect_entries || !page->papers.empty() || page->total_results <= page->start_index) {
      return page;
    }
  }
  return Error::unavailable("arXiv API request " + url + " kept answering an empty page although " +
                            "totalResults says entries exist (" +
                            std::to_string(kEmptyPageRetries + 1) + " attempts)");
}

}  // namespace arxiv

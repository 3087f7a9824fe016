#include "fetcher/oai_harvester.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "fetcher/url.h"

namespace arxiv {
namespace {

// Tokens expire at UTC midnight, so one restart is usually enough; more means the server keeps
// rejecting fresh tokens and looping would never finish.
constexpr int kMaxRestarts = 2;

std::string first_page_url(const OaiWindow& window) {
  std::string url =
      window.base_url + "?verb=ListRecords&metadataPrefix=" + url_encode(window.metadata_prefix);
  if (!window.set.empty()) url += "&set=" + url_encode(window.set);
  if (!window.from.empty()) url += "&from=" + url_encode(window.from);
  if (!window.until.empty()) url += "&until=" + url_encode(window.until);
  return url;
}

std::string next_page_url(const OaiWindow& window, const std::string& token) {
  return window.base_url + "?verb=ListRecords&resumptionToken=" + url_encode(token);
}

Result<OaiPage> fetch_page(PoliteClient& client, const std::string& url) {
  auto response = client.get(url);
  if (!response) return response.error();
  if (response->status != 200) {
    return Error::unavailable("OAI-PMH request " + url + " answered HTTP " +
                              std::to_string(response->status));
  }
  auto page = parse_oai_response(response->body);
  if (!page) {
    Error error = page.error();
    error.message = "OAI-PMH response to " + url + ": " + error.message;
    return error;
  }
  return page;
}

std::string describe(const OaiWindow& window) {
  return "window (set '" + window.set + "', prefix '" + window.metadata_prefix + "', from '" +
         window.from + "', until '" + window.until + "')";
}

// Reads string field `key` of `object` without letting nlohmann throw.
bool read_string(const nlohmann::json& object, const char* key, std::string& out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_count(const nlohmann::json& object, const char* key, size_t& out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return false;
  out = it->get<size_t>();
  return true;
}

}  // namespace

std::string checkpoint_to_string(const OaiCheckpoint& checkpoint) {
  nlohmann::json json = {
      {"base_url", checkpoint.window.base_url},
      {"metadata_prefix", checkpoint.window.metadata_prefix},
      {"set", checkpoint.window.set},
      {"from", checkpoint.window.from},
      {"until", checkpoint.window.until},
      {"token", checkpoint.token},
      {"pages_done", checkpoint.pages_done},
      {"records_done", checkpoint.records_done},
  };
  // Replacement instead of throwing: a token with invalid UTF-8 must not crash the harvest.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<OaiCheckpoint> checkpoint_from_string(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Error::corrupt("OAI checkpoint is not valid JSON");
  if (!json.is_object()) return Error::corrupt("OAI checkpoint is not a JSON object");
  OaiCheckpoint checkpoint;
  using StringField = std::pair<const char*, std::string*>;
  using CountField = std::pair<const char*, size_t*>;
  for (auto [key, field] :
       std::initializer_list<StringField>{{"base_url", &checkpoint.window.base_url},
                                          {"metadata_prefix", &checkpoint.window.metadata_prefix},
                                          {"set", &checkpoint.window.set},
                                          {"from", &checkpoint.window.from},
                                          {"until", &checkpoint.window.until},
                                          {"token", &checkpoint.token}}) {
    if (!read_string(json, key, *field)) {
      return Error::corrupt(std::string("OAI checkpoint field '") + key +
                            "' is missing or not a string");
    }
  }
  for (auto [key, field] : std::initializer_list<CountField>{
           {"pages_done", &checkpoint.pages_done}, {"records_done", &checkpoint.records_done}}) {
    if (!read_count(json, key, *field)) {
      return Error::corrupt(std::string("OAI checkpoint field '") + key +
                            "' is missing or not a non-negative integer");
    }
  }
  return checkpoint;
}

Result<HarvestSummary> harvest(PoliteClient& client, const OaiWindow& window,
                               OaiCheckpointStore& store,
                               const std::function<Status(const OaiPage&)>& sink,
                               const std::function<void(const HarvestSummary&)>& on_page) {
  HarvestSummary summary;
  OaiCheckpoint checkpoint{window, "", 0, 0};
  auto loaded = store.load();
  if (!loaded) return loaded.error();
  // A checkpoint of another window is stale: it is overwritten by this harvest's first save.
  if (loaded->has_value() && (*loaded)->window == window && !(*loaded)->token.empty()) {
    checkpoint = **loaded;
    summary.resumed = true;
  }

  int restarts = 0;
  while (true) {
    const bool at_start = checkpoint.token.empty();
    const std::string url =
        at_start ? first_page_url(window) : next_page_url(window, checkpoint.token);
    auto page = fetch_page(client, url);
    if (!page) {
      const Error& error = page.error();
      if (at_start && error.reason == "noRecordsMatch") {
        if (Status cleared = store.clear(); !cleared) return cleared.error();
        return summary;
      }
      if (at_start || error.reason != "badResumptionToken") return error;
      if (restarts == kMaxRestarts) {
        return Error{ErrorCode::kUnavailable,
                     "OAI-PMH rejected the resumption token again after restarting " +
                         describe(window) + " " + std::to_string(kMaxRestarts) +
                         " times: " + error.message,
                     error.reason};
      }
      ++restarts;
      if (Status cleared = store.clear(); !cleared) return cleared.error();
      checkpoint = OaiCheckpoint{window, "", 0, 0};
      continue;
    }

    if (Status delivered = sink(*page); !delivered) return delivered.error();
    if (summary.pages == 0) summary.response_date = page->response_date;
    ++summary.pages;
    summary.records += page->headers.size();
    ++checkpoint.pages_done;
    checkpoint.records_done += page->headers.size();

    const std::string next = page->resumption_token.value_or("");
    if (next.empty()) {
      if (Status cleared = store.clear(); !cleared) return cleared.error();
      if (on_page) on_page(summary);
      return summary;
    }
    // A server handing back the token it was given would keep the harvest looping forever.
    if (next == checkpoint.token) {
      return Error::invalid_input("OAI-PMH returned the same resumption token '" + next +
                                  "' it was asked for, in " + describe(window));
    }
    checkpoint.token = next;
    if (Status saved = store.save(checkpoint); !saved) return saved.error();
    if (on_page) on_page(summary);
  }
}

}  // namespace arxiv

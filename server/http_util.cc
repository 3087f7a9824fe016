#include "server/http_util.h"

#include <date/date.h>

#include <algorithm>

namespace arxiv {

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Titles and abstracts are arbitrary UTF-8 from arXiv; replacing invalid bytes keeps one bad
  // record from turning a whole response into an exception.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void send_error(httplib::Response& res, const Error& error) {
  send_error(res, http_status_for(error.code), error_code_name(error.code), error.message);
}

void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

Result<int> int_param(const httplib::Request& req, const std::string& name, int fallback, int lo,
                      int hi) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  try {
    size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size() && value >= lo && value <= hi) return value;
  } catch (const std::exception&) {
  }
  return Error::invalid_input("'" + name + "' must be an integer from " + std::to_string(lo) +
                              " to " + std::to_string(hi) + " (got '" + text + "')");
}

Result<std::string> date_param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str())) return std::string();
  const std::string text = req.get_param_value(name.c_str());
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::all_of(text.begin(), text.end(),
                                  [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (shaped) {
    const date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (ymd.ok()) return text;
  }
  return Error::invalid_input("'" + name + "' must be a date YYYY-MM-DD (got '" + text + "')");
}

Result<nlohmann::json> json_body(const httplib::Request& req) {
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return Error::invalid_input("the request body is not valid JSON");
  if (!body.is_object()) return Error::invalid_input("the request body must be a JSON object");
  return body;
}

bool is_loopback(const httplib::Request& req) {
  const std::string& ip = req.remote_addr;
  return ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
}

}  // namespace arxiv

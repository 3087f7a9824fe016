// Small helpers every route of the HTTP service shares: JSON bodies, the JSON error shape
// {"error": {"code", "message"}} with its HTTP status, and validated query parameters.
// Pure functions over cpp-httplib's request/response; thread-safe.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "fetcher/result.h"

namespace arxiv {

// 400 for bad input, 404 for unknown things, 409 for a conflict, 503 when a store is busy or
// unreachable, 500 otherwise.
int http_status_for(ErrorCode code);

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// The error of a lower layer, with the status http_status_for() gives and the code's name.
void send_error(httplib::Response& res, const Error& error);
// An error the HTTP layer itself decides: 401 "unauthorized", 413 "too_large",
// 429 "rate_limited", ...
void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message);

// Query parameter `name` as an integer in [lo, hi]; `fallback` when absent. kInvalidInput
// naming the parameter otherwise.
Result<int> int_param(const httplib::Request& req, const std::string& name, int fallback, int lo,
                      int hi);
// Query parameter `name` as a date YYYY-MM-DD (a real calendar day); "" when absent.
Result<std::string> date_param(const httplib::Request& req, const std::string& name);
// The request body parsed as a JSON object; kInvalidInput saying why otherwise.
Result<nlohmann::json> json_body(const httplib::Request& req);

// True when the peer is 127.0.0.0/8 or ::1.
bool is_loopback(const httplib::Request& req);

}  // namespace arxiv

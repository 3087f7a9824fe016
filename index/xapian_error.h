// The index module's boundary for Xapian exceptions: Xapian::Error is not a std::exception, so
// every public index function runs its Xapian work through guard() and returns a Result.
#pragma once

#include <xapian.h>

#include <new>
#include <string>
#include <string_view>
#include <type_traits>

#include "fetcher/result.h"

namespace arxiv {

// Maps a Xapian exception to our error codes: a lock held by another writer -> kConflict,
// a missing database -> kNotFound, query syntax -> kInvalidInput, network -> kUnavailable,
// corruption -> kCorrupt, anything else -> kInternal. `context` prefixes the message.
Error map_xapian_error(const Xapian::Error& e, std::string_view context);

// Runs `f` (returning Result<T> or Status) and turns Xapian and standard exceptions into errors.
template <typename F>
auto guard(std::string_view context, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Xapian::Error& e) {
    return map_xapian_error(e, context);
  } catch (const std::bad_alloc&) {
    return Error::internal(std::string(context) + ": out of memory");
  } catch (const std::exception& e) {
    return Error::internal(std::string(context) + ": " + e.what());
  }
}

}  // namespace arxiv

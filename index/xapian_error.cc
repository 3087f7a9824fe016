#include "index/xapian_error.h"

namespace arxiv {

Error map_xapian_error(const Xapian::Error& e, std::string_view context) {
  const std::string type = e.get_type();
  std::string message = std::string(context) + ": " + e.get_msg();
  if (type == "DatabaseLockError")
    return Error::conflict(
        std::string(context) +
        ": the index is locked by another writer (is an import or fetch running?)");
  if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError")
    return Error::not_found(message);
  if (type == "QueryParserError") return Error::invalid_input(message);
  if (type == "NetworkError" || type == "NetworkTimeoutError") return Error::unavailable(message);
  if (type == "DatabaseCorruptError") return Error::corrupt(message);
  return Error::internal(message + " (" + type + ")");
}

}  // namespace arxiv

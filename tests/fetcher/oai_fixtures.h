// Paths to the real OAI-PMH captures and checks shared by the OAI-PMH parser tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fetcher/oai_parser.h"

namespace arxiv::testing::oai {

// The OAI-PMH fixtures folder, one file of its invenio-oaiharvester folder, and the `exchange`th
// recorded response of a paperhive test (`year` 2016, 2018 or 2020).
std::filesystem::path oai_dir();
std::filesystem::path invenio(const std::string& name);
std::filesystem::path paperhive(const std::string& year, const std::string& stem, int exchange);

// Parses `bytes`, failing the test with `what` and the parser's message when they are rejected.
OaiPage parse_ok(const std::string& bytes, const std::string& what);

// Every field of a paper; fields left out are expected empty. The abstract is checked by its
// first words.
struct Expected {
  std::string id = {};
  int version = 0;
  std::string title = {};
  std::string abstract_start = {};
  std::vector<std::string> authors = {};
  std::vector<std::string> categories = {};
  std::string comments = {};
  std::string journal_ref = {};
  std::string doi = {};
  std::string license = {};
  std::string submitted = {};
  std::string updated = {};
};

// Checks each field of `got` against `want`.
void check_paper(const Paper& got, const Expected& want);

// What every successful page must satisfy, whatever bytes it came from.
void check_consistent(const OaiPage& page);

}  // namespace arxiv::testing::oai

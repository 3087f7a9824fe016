#include "index/paper_store.h"

#include "fetcher/paper_json.h"
#include "index/schema.h"
#include "index/xapian_error.h"

namespace arxiv {

std::filesystem::path index_path(const std::filesystem::path& data_dir) {
  return data_dir / "index";
}

namespace {

// An index whose papers were given other terms would answer phrase queries with nothing and rank
// by the wrong words, silently; refuse it instead.
Status check_schema(const Xapian::Database& db, const std::filesystem::path& data_dir) {
  if (db.get_doccount() == 0) return {};
  const std::string version = db.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version == schema::kSchemaVersion) return {};
  return Error::corrupt(
      "the index in " + data_dir.string() + " was built by " +
      (version.empty() ? std::string("an older arxiv-triage") : "index schema " + version) +
      " and this arxiv-triage reads index schema " + std::string(schema::kSchemaVersion) +
      ": move " + index_path(data_dir).string() + " away and import the papers again");
}

}  // namespace

Result<std::unique_ptr<PaperWriter>> PaperWriter::open(const std::filesystem::path& data_dir) {
  return guard("opening the index for writing", [&]() -> Result<std::unique_ptr<PaperWriter>> {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec)
      return Error::unavailable("cannot create data directory " + data_dir.string() + ": " +
                                ec.message());
    Xapian::WritableDatabase db(index_path(data_dir).string(),
                                Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    if (Status s = check_schema(db, data_dir); !s.ok()) return s.error();
    return std::unique_ptr<PaperWriter>(new PaperWriter(db));
  });
}

Result<UpsertOutcome> PaperWriter::upsert(const Paper& paper, Xapian::docid docid) {
  return guard("storing paper " + paper.id, [&]() -> Result<UpsertOutcome> {
    const std::string id_term = schema::prefixed(schema::kId, paper.id);
    // A new id is the common case of an import. Opening a posting list (as replace_document
    // by term does) makes a writable glass database flush its buffered document lengths, once per
    // paper; asking the term frequency does not.
    if (!db_.term_exists(id_term)) {
      if (!schema_written_) {
        db_.set_metadata(std::string(schema::kSchemaVersionKey),
                         std::string(schema::kSchemaVersion));
        schema_written_ = true;
      }
      if (docid == 0) {
        db_.add_document(builder_.build(paper));
      } else {
        db_.replace_document(docid, builder_.build(paper));
      }
      return UpsertOutcome::kAdded;
    }
    Xapian::PostingIterator it = db_.postlist_begin(id_term);
    const std::string stored_data = db_.get_document(*it).get_data();
    auto stored = paper_from_json(nlohmann::json::parse(stored_data, nullptr, false));
    // A damaged stored record is replaced by what the source says now.
    Paper merged = stored.ok() ? merge_papers(stored.value(), paper) : paper;
    if (paper_to_json(merged).dump() == stored_data) return UpsertOutcome::kUnchanged;
    db_.replace_document(id_term, builder_.build(merged));
    return UpsertOutcome::kUpdated;
  });
}

Result<bool> PaperWriter::empty() {
  return guard("inspecting the index", [&]() -> Result<bool> {
    return db_.get_doccount() == 0 && db_.metadata_keys_begin() == db_.metadata_keys_end();
  });
}

Result<bool> PaperWriter::contains(const std::string& id) {
  return guard("looking up paper " + id, [&]() -> Result<bool> {
    return db_.term_exists(schema::prefixed(schema::kId, id));
  });
}

Status PaperWriter::set_metadata(const std::string& key, const std::string& value) {
  return guard("writing index metadata", [&]() -> Status {
    db_.set_metadata(key, value);
    return {};
  });
}

Result<std::string> PaperWriter::metadata(const std::string& key) {
  return guard("reading index metadata",
               [&]() -> Result<std::string> { return db_.get_metadata(key); });
}

Status PaperWriter::commit() {
  return guard("committing the index", [&]() -> Status {
    db_.commit();
    return {};
  });
}

Result<size_t> PaperWriter::paper_count() {
  return guard("counting papers", [&]() -> Result<size_t> { return size_t{db_.get_doccount()}; });
}

Result<std::unique_ptr<PaperReader>> PaperReader::open(const std::filesystem::path& data_dir) {
  const auto path = index_path(data_dir);
  if (!std::filesystem::exists(path))
    return Error::not_found("no index in " + data_dir.string() +
                            " yet: run 'arxiv-triage import PATH' or 'arxiv-triage fetch' first");
  return guard("opening the index", [&]() -> Result<std::unique_ptr<PaperReader>> {
    Xapian::Database db(path.string());
    if (Status s = check_schema(db, data_dir); !s.ok()) return s.error();
    return std::unique_ptr<PaperReader>(new PaperReader(db));
  });
}

Status PaperReader::reopen() {
  return guard("reopening the index", [&]() -> Status {
    db_.reopen();
    return {};
  });
}

Result<size_t> PaperReader::paper_count() {
  return guard("counting papers", [&]() -> Result<size_t> { return size_t{db_.get_doccount()}; });
}

Result<Paper> PaperReader::paper(const std::string& id) {
  return guard("reading paper " + id, [&]() -> Result<Paper> {
    const std::string id_term = schema::prefixed(schema::kId, id);
    Xapian::PostingIterator it = db_.postlist_begin(id_term);
    if (it == db_.postlist_end(id_term))
      return Error::not_found("no paper " + id + " in the index");
    auto json = nlohmann::json::parse(db_.get_document(*it).get_data(), nullptr, false);
    return paper_from_json(json);
  });
}

Result<std::vector<DayCount>> PaperReader::days() {
  return guard("listing announcement days", [&]() -> Result<std::vector<DayCount>> {
    std::vector<DayCount> out;
    const std::string prefix(schema::kDay);
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
      const std::string term = *t;
      if (term.size() != prefix.size() + 8) continue;
      out.push_back({schema::iso_from_compact(term.substr(prefix.size())), t.get_termfreq()});
    }
    return out;
  });
}

Result<size_t> PaperReader::papers_on(const std::string& day) {
  return guard("counting papers of a day", [&]() -> Result<size_t> {
    return size_t{db_.get_termfreq(schema::prefixed(schema::kDay, schema::compact_day(day)))};
  });
}

Result<std::string> PaperReader::metadata(const std::string& key) {
  return guard("reading index metadata",
               [&]() -> Result<std::string> { return db_.get_metadata(key); });
}

Result<bool> PaperReader::listing_seen(const std::string& day) {
  return guard("reading index metadata", [&]() -> Result<bool> {
    return !db_.get_metadata(std::string(schema::kListingDayPrefix) + schema::compact_day(day))
                .empty();
  });
}

}  // namespace arxiv

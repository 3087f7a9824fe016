#include "index/paper_store.h"

#include <doctest/doctest.h>

#include "fetcher/paper_json.h"
#include "index/schema.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

Paper sample(int version, const std::string& day, AnnounceType type) {
  Paper p;
  p.id = "2503.17994";
  p.version = version;
  p.title = "LLM-instructed neural architecture search, v" + std::to_string(version);
  p.abstract = "We search architectures with a language model.";
  p.authors = {"Ada Lovelace", "Alan Turing"};
  p.categories = {"cs.LG", "cs.NE"};
  p.announcements = {{day, type, version}};
  return p;
}

std::unique_ptr<PaperWriter> open_writer(const std::filesystem::path& dir) {
  auto w = PaperWriter::open(dir);
  REQUIRE_MESSAGE(w.ok(), w.error().message);
  return std::move(w).value();
}

}  // namespace

TEST_CASE("storing the same paper twice leaves one document and reports it unchanged") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  CHECK(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).value() ==
        UpsertOutcome::kAdded);
  CHECK(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).value() ==
        UpsertOutcome::kUnchanged);
  REQUIRE(writer->commit().ok());
  CHECK(writer->paper_count().value() == 1);
}

TEST_CASE("a newer version replaces the stored paper in place and keeps both announcement days") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  REQUIRE(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).ok());
  CHECK(writer->upsert(sample(2, "2025-04-02", AnnounceType::kReplace)).value() ==
        UpsertOutcome::kUpdated);
  REQUIRE(writer->commit().ok());
  auto reader = PaperReader::open(dir.path());
  REQUIRE(reader.ok());
  auto paper = reader.value()->paper("2503.17994");
  REQUIRE(paper.ok());
  CHECK(paper->version == 2);
  CHECK(paper->title.find("v2") != std::string::npos);
  REQUIRE(paper->announcements.size() == 2);
  CHECK(paper->announced() == "2025-03-25");
  CHECK(paper->announcements[1].type == AnnounceType::kReplace);
  CHECK(reader.value()->paper_count().value() == 1);
  CHECK(reader.value()->papers_on("2025-03-25").value() == 1);
  CHECK(reader.value()->papers_on("2025-04-02").value() == 1);
}

TEST_CASE("an older version never overwrites a newer one") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  REQUIRE(writer->upsert(sample(3, "2025-04-02", AnnounceType::kReplace)).ok());
  REQUIRE(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).ok());
  REQUIRE(writer->commit().ok());
  auto paper = PaperReader::open(dir.path()).value()->paper("2503.17994");
  REQUIRE(paper.ok());
  CHECK(paper->version == 3);
  CHECK(paper->title.find("v3") != std::string::npos);
  CHECK(paper->announced() == "2025-03-25");
}

TEST_CASE("a second writer is refused with a message about the lock") {
  testing::TempDir dir;
  auto first = open_writer(dir.path());
  auto second = PaperWriter::open(dir.path());
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == ErrorCode::kConflict);
  CHECK(second.error().message.find("locked") != std::string::npos);
}

TEST_CASE("reading a data directory without an index says to import first") {
  testing::TempDir dir;
  auto reader = PaperReader::open(dir.path() / "nothing-here");
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().code == ErrorCode::kNotFound);
  CHECK(reader.error().message.find("import") != std::string::npos);
}

TEST_CASE("asking for a paper that is not stored is kNotFound") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  REQUIRE(writer->commit().ok());
  auto missing = PaperReader::open(dir.path()).value()->paper("2501.00001");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("a document whose stored data is damaged is replaced by the incoming paper") {
  testing::TempDir dir;
  {
    Xapian::WritableDatabase db(index_path(dir.path()).string(), Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.add_boolean_term(schema::prefixed(schema::kId, "2503.17994"));
    doc.set_data("{not json");
    db.replace_document(schema::prefixed(schema::kId, "2503.17994"), doc);
    db.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
    db.commit();
  }
  auto writer = open_writer(dir.path());
  CHECK(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).value() ==
        UpsertOutcome::kUpdated);
  REQUIRE(writer->commit().ok());
  auto paper = PaperReader::open(dir.path()).value()->paper("2503.17994");
  REQUIRE(paper.ok());
  CHECK(paper->authors == std::vector<std::string>{"Ada Lovelace", "Alan Turing"});
}

TEST_CASE("an index built with other terms is refused, with how to rebuild it") {
  testing::TempDir dir;
  {
    auto writer = open_writer(dir.path());
    REQUIRE(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).ok());
    REQUIRE(writer->commit().ok());
  }
  {
    Xapian::Database db(index_path(dir.path()).string());
    CHECK(db.get_metadata(std::string(schema::kSchemaVersionKey)) == schema::kSchemaVersion);
  }
  REQUIRE(PaperReader::open(dir.path()).ok());

  for (const std::string old : {"", "1"}) {
    CAPTURE(old);
    {
      Xapian::WritableDatabase db(index_path(dir.path()).string(), Xapian::DB_OPEN);
      db.set_metadata(std::string(schema::kSchemaVersionKey), old);
      db.commit();
    }
    auto reader = PaperReader::open(dir.path());
    REQUIRE_FALSE(reader.ok());
    CHECK(reader.error().code == ErrorCode::kCorrupt);
    CHECK(reader.error().message.find("import the papers again") != std::string::npos);
    auto writer = PaperWriter::open(dir.path());
    REQUIRE_FALSE(writer.ok());
    CHECK(writer.error().message.find("index schema 2") != std::string::npos);
  }
  // The refused index is left as it was.
  Xapian::Database db(index_path(dir.path()).string());
  CHECK(db.get_doccount() == 1);
}

TEST_CASE("the stored document carries the schema's terms and values") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  REQUIRE(writer->upsert(sample(1, "2025-03-25", AnnounceType::kNew)).ok());
  REQUIRE(writer->commit().ok());
  Xapian::Database db(index_path(dir.path()).string());
  Xapian::Document doc = db.get_document(*db.postlist_begin("Q2503.17994"));
  std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  auto has = [&](const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  CHECK(has("D20250325"));
  CHECK(has("XCcs.LG"));
  CHECK(has("XCcs.NE"));
  CHECK(has("XAlovelace_a"));
  CHECK(has("XTnew"));
  // Text fields hold one term per word, singular ("architectures" -> "architecture").
  CHECK(has("ZSneural"));
  CHECK(has("ZSarchitecture"));
  CHECK(has("Zarchitecture"));
  CHECK(has("Sneural") == false);
  CHECK(has("neural") == false);
  CHECK(has("ZAlovelace"));
  CHECK(has("Alovelace") == false);
  CHECK(doc.get_value(schema::kSlotDay) == "20250325");
  CHECK(doc.get_value(schema::kSlotPrimary) == "cs.LG");
  auto stored = paper_from_json(nlohmann::json::parse(doc.get_data()));
  REQUIRE(stored.ok());
  CHECK(stored.value() == sample(1, "2025-03-25", AnnounceType::kNew));
}

TEST_CASE("a category or author name past Xapian's term limit is stored without its filter term") {
  testing::TempDir dir;
  auto writer = open_writer(dir.path());
  Paper p = sample(1, "2025-03-25", AnnounceType::kNew);
  p.categories.push_back("cs." + std::string(300, 'x'));
  p.authors.push_back("Ada " + std::string(300, 'y'));
  auto stored = writer->upsert(p);
  REQUIRE_MESSAGE(stored.ok(), stored.error().message);
  REQUIRE(writer->commit().ok());
  auto reader = PaperReader::open(dir.path());
  REQUIRE(reader.ok());
  auto back = reader.value()->paper(p.id);
  REQUIRE(back.ok());
  CHECK(back->categories == p.categories);
  CHECK(back->authors == p.authors);
  Xapian::Database& db = reader.value()->database();
  CHECK(db.term_exists(schema::prefixed(schema::kCategory, "cs.NE")));
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t)
    CHECK((*t).size() <= schema::kMaxTermBytes);
}

}  // namespace arxiv

// The full JSON object of a paper, as the REST API returns it: the ranked fields of
// ranked_paper_json() (id, version, title, authors, categories, announce_type, score, matched,
// why) plus what a client needs to show the paper without asking arXiv: abstract, primary
// category, dates, announcements, comments, journal reference, DOI, licence and the abs and pdf
// links. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fetcher/paper.h"
#include "index/ranker.h"

namespace arxiv {

// https://arxiv.org/abs/<id>: the abstract page of the latest version.
std::string abs_url(const Paper& paper);
// https://arxiv.org/pdf/<id>v<version>, or without "v<version>" when the version is unknown.
std::string pdf_url(const Paper& paper);

// ranked_paper_json() plus "abstract", "primary_category", "submitted", "updated", "announced"
// (YYYY-MM-DD, null when unknown), "announcements" [{"day", "type", "version"}], "comments",
// "journal_ref", "doi", "license" (null when the source did not say), "abs_url", "pdf_url".
nlohmann::json full_paper_json(const RankedPaper& paper);

// What the index knows of each version, oldest first: [{"version", "date", "announced",
// "announce_type", "abs_url"}] with "date" the submission day where known (v1: submitted, the
// latest: updated) and "announced"/"announce_type" from the listing that announced that version;
// unknown values are null. Versions 1..latest when the latest is known, otherwise only those
// listings named; empty when nothing is known.
nlohmann::json versions_json(const Paper& paper);

}  // namespace arxiv

// BibTeX for arXiv papers, in the style of arXiv's own "Export BibTeX citation": one @misc entry
// per paper with title, author ("A and B"), year, eprint (the base id), archivePrefix = {arXiv},
// primaryClass, doi when known, and url (the abstract page).
//
// Values keep the LaTeX that arXiv metadata is written in (maths, accents, \emph{...}) and escape
// what would break BibTeX or LaTeX: & % # everywhere, _ and ^ outside maths, a brace BibTeX could
// not pair (it counts every brace, escaped or not) as \textbraceleft{} or \textbraceright{}, and
// an unpaired $ as \$. UTF-8 is kept as written. Pure functions over the Paper model; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetcher/paper.h"

namespace arxiv {

// `text` made safe as a braced BibTeX field value (rules above).
std::string bibtex_escape(std::string_view text);

// The year to cite: of the first version (submitted), else of the id (2503.01234 -> 2025,
// hep-th/9901001 -> 1999), else of the first announcement; "" when nothing tells.
std::string bibtex_year(const Paper& paper);

// The citation key: the first author's last name, the year and the first significant word of
// the title, each in lower-case ASCII letters and digits with accents folded ("Müller" and
// "M\"uller" -> "muller"): "vaswani2017attention". A part that cannot be known is left out; a
// key without a name starts with "arxiv".
std::string bibtex_key(const Paper& paper);

// One entry, ending in a newline; an empty `key` means bibtex_key(paper).
std::string bibtex_entry(const Paper& paper, const std::string& key = "");

// The entries of `papers` in order, separated by a blank line; a key that would repeat gets
// "b", "c", ... appended, as citation managers do.
std::string bibtex_entries(const std::vector<Paper>& papers);

}  // namespace arxiv

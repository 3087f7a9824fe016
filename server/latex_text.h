// LaTeX in arXiv titles and abstracts turned into readable Unicode text, for places that cannot
// typeset it: the plain-text (and HTML) parts of the e-mail digest.
//
// Math delimiters ($..$, $$..$$, \(..\), \[..\]) are dropped and their content converted:
// Greek letters and common symbols (\alpha α, \leq ≤, \infty ∞, \to →, \times ×, \mathcal{O} 𝒪,
// \mathbb{R} ℝ), sub- and superscripts to Unicode where every character has a form and the
// script is one character or only digits and signs (x^2 x², x_i xᵢ, 10^{-3} 10⁻³, ^\circ °),
// otherwise kept readable (x^{n+1} x^(n+1)); \frac{a}{b} a/b, \sqrt{x} √x. Formatting commands
// give their content (\textbf{..}, \emph{..}, \text{..}, {\it ..}, \textcolor{c}{..}),
// \href{url}{text} gives "text (url)", \url{u} gives u, \cite{k} gives [k], \unicode{x2013} the
// character. Accents compose (\"u ü, \'e é, \c{c} ç; a letter without a precomposed form gets
// the combining mark) and \% \& \_ \# \$ \{ \} give the character. An unknown command gives its
// name without the backslash (\ModelName ModelName, \log log); a '$' without a partner stays.
// Runs of spaces are collapsed.
//
// Pure function of its input; thread-safe. Never fails: any byte string gives a result
// (bytes that are not LaTeX pass through unchanged).
#pragma once

#include <string>
#include <string_view>

namespace arxiv {

std::string latex_to_text(std::string_view latex);

}  // namespace arxiv

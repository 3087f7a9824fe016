// A small recursive converter over the LaTeX that arXiv authors put in titles and abstracts
// (counted over the replay listings: \%, \textbf, \times, \textit, \href, \emph, accents, ...).
// It is longer than most files because of its tables; the logic is the short convert() loop.
#include "server/latex_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "fetcher/text.h"

namespace arxiv {

namespace {

// Deeper nesting than any real abstract: the rest is kept as written instead of recursing on.
constexpr int kMaxDepth = 48;

size_t code_points(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += utf8_sequence_length(text[i])) ++n;
  return n;
}

// The code point of `to` at the position `cp` has in `from` (both walked by code point);
// "" when `from` does not hold it. Tables below are such aligned pairs of strings.
std::string_view parallel(std::string_view from, std::string_view to, std::string_view cp) {
  size_t i = 0, j = 0;
  while (i < from.size() && j < to.size()) {
    const size_t a = utf8_sequence_length(from[i]), b = utf8_sequence_length(to[j]);
    if (from.substr(i, a) == cp) return to.substr(j, b);
    i += a;
    j += b;
  }
  return {};
}

// Each code point of `text` that `from` holds, replaced by its partner in `to`.
std::string map_each(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const std::string_view cp = text.substr(i, utf8_sequence_length(text[i]));
    const std::string_view mapped = parallel(from, to, cp);
    out += mapped.empty() ? cp : mapped;
    i += cp.size();
  }
  return out;
}

constexpr std::string_view kSuperFrom =
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδθφχ∘′*⊤−";
constexpr std::string_view kSuperTo =
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᶿᵠᵡ°′*ᵀ⁻";
constexpr std::string_view kSubFrom = "0123456789+-=()aehijklmnoprstuvxβγρφχ−";
constexpr std::string_view kSubTo = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋";
constexpr std::string_view kBlackboardFrom = "NZQRCHPE1";
constexpr std::string_view kBlackboardTo = "ℕℤℚℝℂℍℙ𝔼𝟙";
constexpr std::string_view kScriptFrom = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kScriptTo = "𝒜ℬ𝒞𝒟ℰℱ𝒢ℋℐ𝒥𝒦ℒℳ𝒩𝒪𝒫𝒬ℛ𝒮𝒯𝒰𝒱𝒲𝒳𝒴𝒵";

// A script in Unicode when it is one character or only digits and signs and every character
// has a form; otherwise ^x or ^(...), which stays readable where x^(ab) would not.
std::string script(const std::string& text, bool super) {
  if (text.empty()) return "";
  const size_t count = code_points(text);
  const bool numeric = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) ||
           std::string_view("+-=()").find(c) != std::string_view::npos;
  });
  if (count == 1 || numeric) {
    const std::string_view from = super ? kSuperFrom : kSubFrom, to = super ? kSuperTo : kSubTo;
    std::string mapped;
    for (size_t i = 0; i < text.size(); i += utf8_sequence_length(text[i])) {
      const std::string_view form =
          parallel(from, to, text.substr(i, utf8_sequence_length(text[i])));
      if (form.empty()) break;
      mapped += form;
    }
    if (code_points(mapped) == count) return mapped;
  }
  const std::string mark = super ? "^" : "_";
  return count == 1 ? mark + text : mark + "(" + text + ")";
}

struct Composition {
  char32_t mark;
  std::string_view bases, composed;
};

// Precomposed letters for the accents arXiv authors type; others get the combining mark.
constexpr Composition kCompositions[] = {
    {0x301, "aeiouyAEIOUYcCnNsSzZlLrRgG", "áéíóúýÁÉÍÓÚÝćĆńŃśŚźŹĺĹŕŔǵǴ"},
    {0x300, "aeiouAEIOU", "àèìòùÀÈÌÒÙ"},
    {0x308, "aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"},
    {0x302, "aeiouAEIOUcghjswy", "âêîôûÂÊÎÔÛĉĝĥĵŝŵŷ"},
    {0x303, "anoANOiu", "ãñõÃÑÕĩũ"},
    {0x304, "aeiouAEIOU", "āēīōūĀĒĪŌŪ"},
    {0x307, "cegzCEGIZ", "ċėġżĊĖĠİŻ"},
    {0x327, "cCsStTgklnr", "çÇşŞţŢģķļņŗ"},
    {0x30C, "cCsSzZrReEnNdDtT", "čČšŠžŽřŘěĚňŇďĎťŤ"},
    {0x306, "aAgGuU", "ăĂğĞŭŬ"},
    {0x30B, "oOuU", "őŐűŰ"},
    {0x30A, "aAuU", "åÅůŮ"},
    {0x328, "aAeE", "ąĄęĘ"},
};

std::string accent(const std::string& base, char32_t mark) {
  std::string out;
  if (base.empty()) {
    append_utf8(out, mark);
    return out;
  }
  const size_t n = std::min(utf8_sequence_length(base[0]), base.size());
  std::string first = base.substr(0, n);
  if (first == "ı") first = "i";  // \'{\i}: the dotless i was only there for the accent
  for (const auto& c : kCompositions) {
    if (c.mark != mark) continue;
    const std::string_view composed = parallel(c.bases, c.composed, first);
    if (!composed.empty()) return std::string(composed) + base.substr(n);
  }
  out = first;
  append_utf8(out, mark);
  return out + base.substr(n);
}

// The tables below are packed by hand (clang-format off): a table reads best that way.
// clang-format off
const std::unordered_map<std::string_view, std::string_view>& symbols() {
  static const std::unordered_map<std::string_view, std::string_view> kSymbols = {
      {"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}, {"delta", "δ"}, {"epsilon", "ε"},
      {"varepsilon", "ε"}, {"zeta", "ζ"}, {"eta", "η"}, {"theta", "θ"}, {"vartheta", "ϑ"},
      {"iota", "ι"}, {"kappa", "κ"}, {"lambda", "λ"}, {"mu", "μ"}, {"nu", "ν"}, {"xi", "ξ"},
      {"pi", "π"}, {"varpi", "ϖ"}, {"rho", "ρ"}, {"varrho", "ϱ"}, {"sigma", "σ"}, {"varsigma", "ς"},
      {"tau", "τ"}, {"upsilon", "υ"}, {"phi", "φ"}, {"varphi", "φ"}, {"chi", "χ"}, {"psi", "ψ"},
      {"omega", "ω"}, {"Gamma", "Γ"}, {"Delta", "Δ"}, {"Theta", "Θ"}, {"Lambda", "Λ"}, {"Xi", "Ξ"},
      {"Pi", "Π"}, {"Sigma", "Σ"}, {"Upsilon", "Υ"}, {"Phi", "Φ"}, {"Psi", "Ψ"}, {"Omega", "Ω"},
      {"leq", "≤"}, {"le", "≤"}, {"leqslant", "⩽"}, {"geq", "≥"}, {"ge", "≥"}, {"geqslant", "⩾"},
      {"neq", "≠"}, {"ne", "≠"}, {"approx", "≈"}, {"sim", "∼"}, {"simeq", "≃"}, {"cong", "≅"},
      {"equiv", "≡"}, {"propto", "∝"}, {"ll", "≪"}, {"gg", "≫"}, {"in", "∈"}, {"notin", "∉"},
      {"ni", "∋"}, {"subset", "⊂"}, {"subseteq", "⊆"}, {"supset", "⊃"}, {"supseteq", "⊇"},
      {"cup", "∪"}, {"cap", "∩"}, {"setminus", "∖"}, {"emptyset", "∅"}, {"varnothing", "∅"},
      {"forall", "∀"}, {"exists", "∃"}, {"neg", "¬"}, {"lnot", "¬"}, {"land", "∧"}, {"wedge", "∧"},
      {"lor", "∨"}, {"vee", "∨"}, {"to", "→"}, {"rightarrow", "→"}, {"leftarrow", "←"},
      {"gets", "←"}, {"leftrightarrow", "↔"}, {"Rightarrow", "⇒"}, {"Leftarrow", "⇐"},
      {"Leftrightarrow", "⇔"}, {"implies", "⟹"}, {"iff", "⟺"}, {"mapsto", "↦"},
      {"longrightarrow", "⟶"}, {"uparrow", "↑"}, {"downarrow", "↓"}, {"times", "×"}, {"cdot", "·"},
      {"div", "÷"}, {"pm", "±"}, {"mp", "∓"}, {"ast", "∗"}, {"star", "⋆"}, {"circ", "∘"},
      {"bullet", "•"}, {"oplus", "⊕"}, {"otimes", "⊗"}, {"odot", "⊙"}, {"sum", "∑"}, {"prod", "∏"},
      {"int", "∫"}, {"oint", "∮"}, {"partial", "∂"}, {"nabla", "∇"}, {"infty", "∞"}, {"ell", "ℓ"},
      {"hbar", "ℏ"}, {"Re", "ℜ"}, {"Im", "ℑ"}, {"aleph", "ℵ"}, {"prime", "′"}, {"top", "⊤"},
      {"bot", "⊥"}, {"perp", "⊥"}, {"parallel", "∥"}, {"mid", "|"}, {"vert", "|"}, {"lvert", "|"},
      {"rvert", "|"}, {"Vert", "‖"}, {"lVert", "‖"}, {"rVert", "‖"}, {"angle", "∠"},
      {"langle", "⟨"}, {"rangle", "⟩"}, {"lceil", "⌈"}, {"rceil", "⌉"}, {"lfloor", "⌊"},
      {"rfloor", "⌋"}, {"ldots", "…"}, {"dots", "…"}, {"cdots", "⋯"}, {"vdots", "⋮"},
      {"ddots", "⋱"}, {"checkmark", "✓"}, {"deg", "°"}, {"textdegree", "°"}, {"degree", "°"},
      {"textendash", "–"}, {"textemdash", "—"}, {"ss", "ß"}, {"o", "ø"}, {"O", "Ø"}, {"ae", "æ"},
      {"AE", "Æ"}, {"oe", "œ"}, {"OE", "Œ"}, {"aa", "å"}, {"AA", "Å"}, {"l", "ł"}, {"L", "Ł"},
      {"i", "ı"}, {"S", "§"}, {"P", "¶"}, {"dag", "†"}, {"copyright", "©"}, {"pounds", "£"},
      {"euro", "€"}, {"textasciitilde", "~"}, {"textbackslash", "\\"}, {"textunderscore", "_"},
      {"eg", "e.g."}, {"ie", "i.e."}, {"etal", "et al."}, {"quad", " "}, {"qquad", " "},
      {"enspace", " "}, {"newline", " "}, {"par", " "}, {"LaTeX", "LaTeX"}, {"TeX", "TeX"}
  };
  return kSymbols;
}
// clang-format on

enum class Kind {
  kDrop,        // a declaration or spacing: nothing
  kText,        // one argument, its content as text
  kMath,        // one argument, its content as math
  kBlackboard,  // \mathbb
  kCalligraphic,
  kLink,      // \href{url}{text}
  kUrl,       // \url{url}
  kCite,      // [key]
  kColored,   // \textcolor{colour}{text}
  kColor,     // \color{colour}: a declaration with an argument
  kFraction,  // a/b
  kRoot,      // √x
  kUnicode,   // \unicode{x2013}
  kSuperscript,
  kSubscript,
  kSkipArgument,  // \label{..}, \vspace{..}
  kFootnote,
};

// clang-format off
const std::unordered_map<std::string_view, Kind>& kinds() {
  using enum Kind;
  static const std::unordered_map<std::string_view, Kind> kKinds = {
      {"left", kDrop}, {"right", kDrop}, {"big", kDrop}, {"Big", kDrop}, {"bigg", kDrop},
      {"Bigg", kDrop}, {"bigl", kDrop}, {"bigr", kDrop}, {"Bigl", kDrop}, {"Bigr", kDrop},
      {"displaystyle", kDrop}, {"textstyle", kDrop}, {"scriptstyle", kDrop}, {"limits", kDrop},
      {"nolimits", kDrop}, {"it", kDrop}, {"em", kDrop}, {"bf", kDrop}, {"rm", kDrop},
      {"tt", kDrop}, {"sf", kDrop}, {"sc", kDrop}, {"sl", kDrop}, {"itshape", kDrop},
      {"bfseries", kDrop}, {"normalfont", kDrop}, {"small", kDrop}, {"large", kDrop},
      {"Large", kDrop}, {"tiny", kDrop}, {"footnotesize", kDrop}, {"scriptsize", kDrop},
      {"normalsize", kDrop}, {"huge", kDrop}, {"Huge", kDrop}, {"noindent", kDrop},
      {"centering", kDrop}, {"protect", kDrop}, {"relax", kDrop}, {"hfill", kDrop},
      {"nonumber", kDrop}, {"textbf", kText}, {"textit", kText}, {"emph", kText}, {"textrm", kText},
      {"textsf", kText}, {"texttt", kText}, {"textsc", kText}, {"textup", kText}, {"textsl", kText},
      {"textmd", kText}, {"textnormal", kText}, {"text", kText}, {"mbox", kText}, {"hbox", kText},
      {"fbox", kText}, {"underline", kText}, {"uline", kText}, {"ref", kText}, {"eqref", kText},
      {"mathrm", kMath}, {"mathbf", kMath}, {"mathit", kMath}, {"mathsf", kMath}, {"mathtt", kMath},
      {"mathnormal", kMath}, {"mathfrak", kMath}, {"boldsymbol", kMath}, {"bm", kMath},
      {"pmb", kMath}, {"operatorname", kMath}, {"ensuremath", kMath}, {"underbrace", kMath},
      {"overbrace", kMath}, {"mathbb", kBlackboard}, {"mathcal", kCalligraphic},
      {"mathscr", kCalligraphic}, {"href", kLink}, {"hyperlink", kLink}, {"url", kUrl},
      {"cite", kCite}, {"citep", kCite}, {"citet", kCite}, {"citealp", kCite},
      {"textcolor", kColored}, {"colorbox", kColored}, {"color", kColor}, {"frac", kFraction},
      {"dfrac", kFraction}, {"tfrac", kFraction}, {"sqrt", kRoot}, {"unicode", kUnicode},
      {"textsuperscript", kSuperscript}, {"textsubscript", kSubscript}, {"label", kSkipArgument},
      {"vspace", kSkipArgument}, {"hspace", kSkipArgument}, {"footnote", kFootnote}
  };
  return kKinds;
}
// clang-format on

// Accents by command: the text ones (\c{c}, \v{s}) and the math ones (\hat{x}, \vec{v}).
// clang-format off
const std::unordered_map<std::string_view, char32_t>& accent_commands() {
  static const std::unordered_map<std::string_view, char32_t> kAccents = {
      {"c", 0x327}, {"v", 0x30C}, {"u", 0x306}, {"H", 0x30B}, {"r", 0x30A}, {"k", 0x328},
      {"d", 0x323}, {"b", 0x331}, {"t", 0x361}, {"hat", 0x302}, {"widehat", 0x302},
      {"tilde", 0x303}, {"widetilde", 0x303}, {"bar", 0x304}, {"overline", 0x305}, {"vec", 0x20D7},
      {"dot", 0x307}, {"ddot", 0x308}, {"acute", 0x301}, {"grave", 0x300}, {"check", 0x30C},
      {"breve", 0x306}
  };
  return kAccents;
}
// clang-format on

char32_t symbol_accent(char c) {
  switch (c) {
    case '\'':
      return 0x301;
    case '`':
      return 0x300;
    case '"':
      return 0x308;
    case '^':
      return 0x302;
    case '~':
      return 0x303;
    case '=':
      return 0x304;
    case '.':
      return 0x307;
    default:
      return 0;
  }
}

// A read position in one piece of source.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  void skip_spaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  // At '{': the content up to the matching '}' (an unclosed group runs to the end).
  std::string_view group(bool* closed = nullptr) {
    const size_t start = ++i;
    for (int level = 1; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '{') {
        ++level;
      } else if (s[i] == '}' && --level == 0) {
        if (closed) *closed = true;
        return s.substr(start, i++ - start);
      }
    }
    if (closed) *closed = false;
    return s.substr(start);
  }
  // At '\\': "\name" or "\x".
  std::string_view control() {
    const size_t start = i++;
    if (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) {
      while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    } else if (!done()) {
      i = std::min(s.size(), i + utf8_sequence_length(s[i]));
    }
    return s.substr(start, i - start);
  }
  // A command's argument: a {group}, a control sequence or one character; "" at the end.
  std::string_view argument() {
    skip_spaces();
    if (done()) return {};
    if (s[i] == '{') return group();
    if (s[i] == '\\') return control();
    const size_t start = i;
    i = std::min(s.size(), i + utf8_sequence_length(s[i]));
    return s.substr(start, i - start);
  }
  // A {group} if one follows (after spaces); otherwise nothing is consumed.
  std::optional<std::string_view> next_group() {
    const size_t before = i;
    skip_spaces();
    if (peek() == '{') return group();
    i = before;
    return std::nullopt;
  }
  // An [optional] argument if one follows.
  std::string_view optional() {
    const size_t before = i;
    skip_spaces();
    if (peek() != '[') {
      i = before;
      return {};
    }
    const size_t start = ++i;
    i = std::min(s.find(']', start), s.size());
    const std::string_view out = s.substr(start, i - start);
    if (!done()) ++i;
    return out;
  }
  // A URL argument: as a group, but an unclosed one ends at the first space.
  std::string url() {
    skip_spaces();
    if (peek() != '{') return {};
    const size_t start = i;
    bool closed = false;
    std::string_view raw = group(&closed);
    if (!closed) {
      raw = raw.substr(0, raw.find(' '));
      i = start + 1 + raw.size();
    }
    std::string out;  // \_ \% \# \& \~ are escapes inside a URL too
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size()) ++k;
      out += raw[k];
    }
    return out;
  }
};

std::string convert(std::string_view src, bool math, int depth);

// (x+1) for anything longer than a number or a name, so a/b and √x read unambiguously.
std::string atom(const std::string& text) {
  const bool simple = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.';
  });
  return simple || code_points(text) == 1 ? text : "(" + text + ")";
}

std::string unicode_char(std::string_view spec) {
  int base = 10;
  if (!spec.empty() && (spec[0] == 'x' || spec[0] == 'X')) {
    spec.remove_prefix(1);
    base = 16;
  }
  unsigned long value = 0;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), value, base);
  std::string out;
  const bool valid = ec == std::errc() && end == spec.data() + spec.size() && value >= 0x20 &&
                     !(value >= 0x7F && value < 0xA0) && !(value >= 0xD800 && value < 0xE000) &&
                     value <= 0x10FFFF;
  if (valid) append_utf8(out, static_cast<char32_t>(value));
  return out;
}

std::string strip_scheme(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"})
    if (url.substr(0, scheme.size()) == scheme) url.remove_prefix(scheme.size());
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

void named_command(Cursor& c, std::string_view name, bool math, int depth, std::string& out) {
  if (auto s = symbols().find(name); s != symbols().end()) {
    out += s->second;
    return;
  }
  if (auto a = accent_commands().find(name); a != accent_commands().end()) {
    out += accent(convert(c.argument(), math, depth + 1), a->second);
    return;
  }
  const auto kind = kinds().find(name);
  if (kind == kinds().end()) {
    out += name;  // an author's own macro or an operator name (\log): its name reads best
    return;
  }
  if (c.peek() == '*') ++c.i;
  switch (kind->second) {
    case Kind::kDrop:
      return;
    case Kind::kText:
      out += convert(c.argument(), false, depth + 1);
      return;
    case Kind::kMath:
      out += convert(c.argument(), true, depth + 1);
      return;
    case Kind::kBlackboard:
      out += map_each(convert(c.argument(), true, depth + 1), kBlackboardFrom, kBlackboardTo);
      return;
    case Kind::kCalligraphic:
      out += map_each(convert(c.argument(), true, depth + 1), kScriptFrom, kScriptTo);
      return;
    case Kind::kLink: {
      const std::string url = c.url();
      const auto text = c.next_group();
      const std::string shown = text ? convert(*text, false, depth + 1) : "";
      out += shown.empty() || strip_scheme(shown) == strip_scheme(url) ? url
                                                                       : shown + " (" + url + ")";
      return;
    }
    case Kind::kUrl:
      out += c.url();
      return;
    case Kind::kCite:
      c.optional();
      out += "[" + std::string(c.argument()) + "]";
      return;
    case Kind::kColored:
      c.optional();
      c.argument();
      out += convert(c.argument(), math, depth + 1);
      return;
    case Kind::kColor:
      c.optional();
      c.argument();
      return;
    case Kind::kFraction: {
      const std::string numerator = convert(c.argument(), true, depth + 1);
      out += atom(numerator) + "/" + atom(convert(c.argument(), true, depth + 1));
      return;
    }
    case Kind::kRoot: {
      const std::string degree = convert(c.optional(), true, depth + 1);
      out += script(degree, true) + "√" + atom(convert(c.argument(), true, depth + 1));
      return;
    }
    case Kind::kUnicode:
      out += unicode_char(c.argument());
      return;
    case Kind::kSuperscript:
    case Kind::kSubscript:
      out += script(convert(c.argument(), false, depth + 1), kind->second == Kind::kSuperscript);
      return;
    case Kind::kSkipArgument:
      c.argument();
      return;
    case Kind::kFootnote:
      out += " (" + convert(c.argument(), false, depth + 1) + ")";
      return;
  }
}

// After "\(" or "\[": the math up to the closing "\)" or "\]".
void bracketed_math(Cursor& c, char open, int depth, std::string& out) {
  const std::string close = open == '(' ? "\\)" : "\\]";
  const size_t end = std::min(c.s.find(close, c.i), c.s.size());
  out += convert(c.s.substr(c.i, end - c.i), true, depth + 1);
  c.i = std::min(end + close.size(), c.s.size());
}

void control_sequence(Cursor& c, std::string_view seq, bool math, int depth, std::string& out) {
  if (seq.size() < 2) return;  // a backslash at the very end
  const std::string_view name = seq.substr(1);
  if (std::isalpha(static_cast<unsigned char>(name[0])))
    return named_command(c, name, math, depth, out);
  const char ch = name[0];
  if (std::string_view("%&_#${}").find(ch) != std::string_view::npos) {
    out += ch;
  } else if (const char32_t mark = symbol_accent(ch); mark != 0 && name.size() == 1) {
    out += accent(convert(c.argument(), math, depth + 1), mark);
  } else if (ch == '(' || ch == '[') {
    bracketed_math(c, ch, depth, out);
  } else if (std::string_view(",;: \\").find(ch) != std::string_view::npos) {
    out += ' ';
  } else if (std::string_view(")]!/-").find(ch) == std::string_view::npos) {
    out += name;
  }
}

// At '$' in text: the math up to the partner '$' (or '$$'), or a '$' without one kept.
void dollar_math(Cursor& c, int depth, std::string& out) {
  const bool display = c.s.substr(c.i, 2) == "$$";
  const size_t start = c.i + (display ? 2 : 1);
  for (size_t k = start; k < c.s.size(); ++k) {
    if (c.s[k] == '\\') {
      ++k;
    } else if (c.s[k] == '$' && (!display || c.s.substr(k, 2) == "$$")) {
      out += convert(c.s.substr(start, k - start), true, depth + 1);
      c.i = k + (display ? 2 : 1);
      return;
    }
  }
  out += c.s.substr(c.i, start - c.i);
  c.i = start;
}

std::string convert(std::string_view src, bool math, int depth) {
  if (depth > kMaxDepth) return std::string(src);
  std::string out;
  Cursor c{src};
  while (!c.done()) {
    const char ch = c.peek();
    if (ch == '\\') {
      const std::string_view seq = c.control();
      control_sequence(c, seq, math, depth, out);
    } else if (ch == '{') {
      out += convert(c.group(), math, depth + 1);
    } else if (ch == '}') {
      ++c.i;
    } else if (ch == '$') {
      if (math) {
        ++c.i;  // a stray delimiter inside math
      } else {
        dollar_math(c, depth, out);
      }
    } else if (math && (ch == '^' || ch == '_')) {
      ++c.i;
      out += script(convert(c.argument(), true, depth + 1), ch == '^');
    } else if (math && ch == '\'') {
      ++c.i;
      out += "′";
    } else if (!math && ch == '~' && !(c.i > 0 && src[c.i - 1] == '/')) {
      ++c.i;  // a tie is a space; after '/' it is part of a URL (/~user)
      out += ' ';
    } else {
      out += ch;
      ++c.i;
    }
  }
  return out;
}

}  // namespace

std::string latex_to_text(std::string_view latex) {
  const std::string converted = convert(latex, false, 0);
  std::string out;
  for (char ch : converted) {
    if (ch == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace arxiv

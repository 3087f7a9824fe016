// latex_to_text over a table of cases, most of them cut from real titles and abstracts of the
// fortnight fixture, and over every title and abstract of that fortnight.
#include "server/latex_text.h"

#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "fetcher/listing_parser.h"
#include "fetcher/text.h"
#include "tests/index/fixture_index.h"
#include "tests/support/test_data.h"

namespace arxiv {

namespace {

struct Case {
  const char* latex;
  const char* text;
};

// Unescaped dollars come in pairs: then every one of them delimits math.
bool balanced_dollars(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '$') {
      ++n;
    }
  }
  return n % 2 == 0;
}

}  // namespace

TEST_CASE("LaTeX in real titles and abstracts reads as Unicode") {
  const Case cases[] = {
      {"$\\alpha$", "α"},
      {"GSBAK$^K$: $top$-$K$ Geometric Score-based Black-box Attack",
       "GSBAKᴷ: top-K Geometric Score-based Black-box Attack"},
      {"GenM$^3$: Generative Pretrained Multi-path Motion Model",
       "GenM³: Generative Pretrained Multi-path Motion Model"},
      {"Di$\\mathtt{[M]}$O: Distilling Masked Diffusion Models",
       "Di[M]O: Distilling Masked Diffusion Models"},
      {"$D^2LoRA$: Data-Driven LoRA Initialization", "D²LoRA: Data-Driven LoRA Initialization"},
      {"the wing loss and the $\\ell_1$ regularization", "the wing loss and the ℓ₁ regularization"},
      {"X$^{2}$-Gaussian: 4D Radiative Gaussian Splatting",
       "X²-Gaussian: 4D Radiative Gaussian Splatting"},
      {"we show $d = \\Omega(\\log n)$ suffices", "we show d = Ω(log n) suffices"},
      {"from $0.4 \\sim 2.5 \\, \\mu\\text{m}$, supporting", "from 0.4 ∼ 2.5 μm, supporting"},
      {"on $mIoU^{Avg}_{EMM}$ and", "on mIoU^(Avg)_(EMM) and"},
      {"costs $O(L^2 \\log L)$ time", "costs O(L² log L) time"},
      {"a $1.21 \\pm 0.38$ gain at $256 \\times 256$", "a 1.21 ± 0.38 gain at 256 × 256"},
      {"Schr\\\"odinger bridges", "Schrödinger bridges"},
      {"combines B\\'ezier triangles", "combines Bézier triangles"},
      {"We introduce F\\`ux\\`i, a benchmark", "We introduce Fùxì, a benchmark"},
      {"in Do\\~nana National Park", "in Doñana National Park"},
      {"average Bj{\\o}ntegaard delta rates", "average Bjøntegaard delta rates"},
      {"intermediate resolution (4-8 {\\AA}) is crucial",
       "intermediate resolution (4-8 Å) is crucial"},
      {"including 360{\\deg} rotation", "including 360° rotation"},
      {"improves by 87.5\\% on R\\&D and CUA\\_O3D", "improves by 87.5% on R&D and CUA_O3D"},
      {"\\underline{\\textbf{Fed}}erated tuning with \\underline{\\textbf{S}}imilarity",
       "Federated tuning with Similarity"},
      {"two metrics: {\\it target similarity} and {\\em trigger}",
       "two metrics: target similarity and trigger"},
      {"The code is available at \\href{https://github.com/NJU-PCALab/ERR}{here}.",
       "The code is available at here (https://github.com/NJU-PCALab/ERR)."},
      {"released at \\href{https://github.com/zengkaiya/CaT}{https://github.com/zengkaiya/CaT}.",
       "released at https://github.com/zengkaiya/CaT."},
      {"available at: $\\href{https://github.com/byronBBL/CK-PLUG}{\\text{this https URL}}$.",
       "available at: this https URL (https://github.com/byronBBL/CK-PLUG)."},
      {"see \\href{https://research.zenseact.com/publications/gasp/. Unclosed",
       "see https://research.zenseact.com/publications/gasp/. Unclosed"},
      {"accessed at~\\url{https://huggingface.co/inclusionAI/Ling}.",
       "accessed at https://huggingface.co/inclusionAI/Ling."},
      {"at \\textcolor{red}{https://github.com/yiyscut/VIO-IPNet.git}.",
       "at https://github.com/yiyscut/VIO-IPNet.git."},
      {"{\\color[RGB]{175,36,67}{LCLM-Horizon}}.", "LCLM-Horizon."},
      {"Biofouling$\\unicode{x2013}$communities of organisms",
       "Biofouling–communities of organisms"},
      {"the OpenOOD benchmark~\\cite{yang2022openood}.",
       "the OpenOOD benchmark [yang2022openood]."},
      {"we develop \\ModelName, a multimodal model", "we develop ModelName, a multimodal model"},
      {"existing strategies (\\eg, average pool)", "existing strategies (e.g., average pool)"},
      {"we propose \\textbf{\\textsc{FastCuRL}}, a simple", "we propose FastCuRL, a simple"},
      {"PM\\textsuperscript{4}Bench incorporates", "PM⁴Bench incorporates"},
      {"named \\b geometric attack", "named g̱eometric attack"},
      {"components \\ -- Position Mapping", "components -- Position Mapping"},
      {"$x^2$, $x_i$, $x^{n+1}$, $x_{t-1}$, $10^{-3}$, $x^\\prime$",
       "x², xᵢ, x^(n+1), x_(t-1), 10⁻³, x′"},
      {"$\\mathcal{O}(n)$ in $\\mathbb{R}^d$", "𝒪(n) in ℝᵈ"},
      {"$a \\leq b \\to \\infty$, $\\frac{1}{2}$, $\\frac{n+1}{2}$, $\\sqrt{d}$",
       "a ≤ b → ∞, 1/2, (n+1)/2, √d"},
      {"\\emph{not} \\textit{only}", "not only"},
      {"\\c{c}a, \\v{s}, \\'{\\i}, \\\"{u}, \\^o", "ça, š, í, ü, ô"},
      {"$\\hat{x}$ and \\r{a}", "x̂ and å"},
      {"\\(E = mc^2\\) and \\[x_0\\]", "E = mc² and x₀"},
      {"$$\\sum_i x_i$$", "∑ᵢ xᵢ"},
      {"It costs $5 today", "It costs $5 today"},
      {"It costs \\$5 today", "It costs $5 today"},
      {"snake_case and x^2 outside math", "snake_case and x^2 outside math"},
      {"https://example.org/~user/a_b", "https://example.org/~user/a_b"},
      {"no LaTeX at all: naïve façade, 50% & <b>", "no LaTeX at all: naïve façade, 50% & <b>"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.latex);
    CHECK(latex_to_text(c.latex) == c.text);
  }
}

TEST_CASE("broken LaTeX gives text without crashing") {
  CHECK(latex_to_text("{\\textbf{x") == "x");
  CHECK(latex_to_text("ends with a backslash \\") == "ends with a backslash");
  CHECK(latex_to_text("$$") == "$$");
  CHECK(latex_to_text("$x^$") == "x");
  CHECK(latex_to_text("\\frac{1}") == "1/");
  CHECK(latex_to_text("\\unicode{xD800}\\unicode{x1}\\unicode{zz}!") == "!");
  CHECK(latex_to_text("}}a{{") == "a");
  const std::string deep = std::string(100000, '{') + "x" + std::string(100000, '}');
  CHECK(latex_to_text(deep).find('x') != std::string::npos);
  const std::string scripts(50000, '^');
  CHECK_NOTHROW(latex_to_text("$" + scripts + "$"));
  const std::string stray("\xff\xfe\\'\xc3");
  CHECK_NOTHROW(latex_to_text(stray));
}

TEST_CASE("every title and abstract of the fortnight loses its math delimiters and commands") {
  const std::regex command(R"(\\[A-Za-z])");
  size_t with_math = 0, with_commands = 0, plain = 0;
  for (const auto& file : testing::fortnight_files()) {
    auto feed = parse_listing_feed(testing::read_file(file));
    REQUIRE(feed.ok());
    for (const auto& paper : feed->papers) {
      for (const std::string& latex : {paper.title, paper.abstract}) {
        CAPTURE(latex);
        const std::string text = latex_to_text(latex);
        CHECK(is_valid_utf8(text));
        CHECK_FALSE(std::regex_search(text, command));
        if (latex.find('$') != std::string::npos && balanced_dollars(latex)) {
          ++with_math;
          CHECK(text.find('$') == std::string::npos);
        }
        if (latex.find('\\') != std::string::npos) ++with_commands;
        // Text without any LaTeX syntax passes through unchanged.
        if (latex.find_first_of("\\${}~") == std::string::npos) {
          ++plain;
          CHECK(text == latex);
        }
      }
    }
  }
  CHECK(with_math > 100);
  CHECK(with_commands > 200);
  CHECK(plain > 3000);
}

}  // namespace arxiv

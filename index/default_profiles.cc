// The shipped profiles. Titles and descriptions are the researchers' own words from
// shared/eval/README.md. Each query lists the interest's core phrases, synonyms and acronyms:
// ranking is BM25 over an OR of them, so a paper naming several scores above one that mentions
// a single generic term. Words are matched as written up to plurals (index/plural_stemmer.h),
// which keeps "identifiable" from matching "identify" and "compositional" from matching photo
// composition; the queries list the other forms of a word they mean.
// must_not stays empty: the obvious exclusions (quantisation for sparse-modular, fMRI decoding
// for theoretical-neuroscience) would also drop papers the judges rated partly relevant.
#include "index/profile.h"

namespace arxiv {

namespace {

// A paper scoring below this is left out of the day's digest, so a quiet day shows few papers.
// On the dev judgments every must-read scored at least 16 and every partly relevant paper at
// least 12.9, while 20-55% of the unjudged or irrelevant matches (by profile) scored under 12.
constexpr double kMinScore = 12.0;

}  // namespace

const std::vector<Profile>& default_profiles() {
  static const std::vector<Profile> kProfiles = {
      Profile{
          .name = "nas",
          .title = "Neural architecture search",
          .description =
              "Automated design of neural network architectures: neural architecture search (NAS) "
              "with reinforcement learning, evolution, differentiable or one-shot/supernet "
              "methods, "
              "zero-cost proxies, performance predictors, hardware-aware NAS, NAS benchmarks and "
              "search spaces, and AutoML or LLM-driven discovery of architectures. Hyperparameter "
              "optimisation alone is only partly relevant; a paper that merely proposes a "
              "hand-designed architecture is not relevant.",
          .query =
              R"("neural architecture search" "architecture search" NAS title:NAS )"
              R"(title:"architecture search" "differentiable architecture search" DARTS supernet )"
              R"(supernets "one-shot NAS" "weight-sharing NAS" "zero-cost proxy" )"
              R"("zero-cost proxies" "zero-shot NAS" "training-free NAS" "performance predictor" )"
              R"("performance predictors" "predictor-based NAS" "search space" )"
              R"("hardware-aware NAS" "once-for-all" "NAS-Bench" "NAS benchmark" )"
              R"("architecture design" "architecture optimization" "architecture discovery" )"
              R"("architecture generation" "evolutionary architecture" AutoML)",
          .must_have = {},
          .must_not = {},
          .categories = {"cs.LG", "cs.NE"},
          .authors = {},
          .min_score = kMinScore,
      },
      Profile{
          .name = "compositionality",
          .title = "Compositionality",
          .description =
              "Compositional generalization and compositional structure in neural networks: "
              "systematic generalization to novel combinations of known parts, compositional "
              "reasoning in language, vision and vision-language models, compositional "
              "representations and binding, modular composition of skills or concepts, and "
              "benchmarks or theory of compositionality. Papers that only mention 'compositional' "
              "image generation of multiple objects are partly relevant.",
          .query =
              R"("compositional" "compositionality" "compositionally" title:compositional )"
              R"(title:compositionality "compositional generalization" )"
              R"("compositional generalisation" "systematic generalization" )"
              R"("systematic generalisation" "systematicity" "novel combinations" )"
              R"("unseen combinations" "compositional reasoning" "compositional understanding" )"
              R"("compositional zero-shot" "attribute binding" "variable binding" )"
              R"("binding problem" "compositional structure" "compositional representations" COGS )"
              R"(Winoground "attribute-object" "function composition" "neuro-symbolic")",
          .must_have = {},
          .must_not = {},
          .categories = {"cs.CL", "cs.LG", "cs.AI"},
          .authors = {},
          .min_score = kMinScore,
      },
      Profile{
          .name = "theoretical-neuroscience",
          .title = "Theoretical neuroscience",
          .description =
              "Theoretical and computational neuroscience and neuroscience-derived learning: "
              "models "
              "of neural circuits, neural coding and population dynamics, spiking neural networks "
              "as models of the brain, biologically plausible learning rules (Hebbian, predictive "
              "coding, local learning, alternatives to backprop), attractor and recurrent "
              "dynamics, "
              "and comparing artificial network representations with brain recordings. "
              "Engineering-only spiking-network hardware papers are partly relevant.",
          .query =
              R"("theoretical neuroscience" "computational neuroscience" neuroscience )"
              R"(title:neuroscience "neural circuits" "neural circuit" "neural coding" )"
              R"("population coding" "population dynamics" "neural population" "neural dynamics" )"
              R"("neural manifolds" "spiking neural networks" "biologically plausible" )"
              R"("biological plausibility" Hebbian "predictive coding" "local learning rules" )"
              R"("learning rule" "alternatives to backpropagation" "equilibrium propagation" )"
              R"(attractor "recurrent dynamics" "brain recordings" "neural recordings" )"
              R"("neural data" "visual cortex" cortical "brain alignment" "brain-like" )"
              R"("brain encoding" "encoding models" "neural responses" "synaptic plasticity" STDP )"
              R"("grid cells" "place cells" hippocampus hippocampal "representational similarity" )"
              R"(macaque primate "Hopfield" "associative memory" "dendritic" )"
              R"("free energy principle" "active inference" "spiking neural network" )"
              R"("reservoir computing" "brain-inspired" "neural mechanisms")",
          .must_have = {},
          .must_not = {},
          .categories = {"q-bio.NC", "cs.NE"},
          .authors = {},
          .min_score = kMinScore,
      },
      Profile{
          .name = "disentanglement",
          .title = "Disentangled and identifiable representations",
          .description =
              "Learning disentangled, identifiable or causal latent representations: disentangling "
              "factors of variation, causal representation learning, identifiability theory for "
              "latent variable models, object-centric and structured unsupervised representations, "
              "and evaluation of disentanglement. Generic self-supervised pretraining without "
              "structured latents is not relevant.",
          .query =
              R"(disentangled disentanglement disentangling disentangle "disentangled representations" )"
              R"("disentangled representation learning" title:disentangled title:disentanglement )"
              R"(title:disentangling )"
              R"("factors of variation" "causal representation learning" "identifiability" )"
              R"("identifiable" "latent variable models" "latent variables" "object-centric" )"
              R"("object-centric learning" "object-centric representations" "slot attention" )"
              R"("slot-based" "unsupervised object discovery" "scene decomposition" "beta-VAE" )"
              R"("β-VAE" "variational autoencoder" "independent component analysis" ICA )"
              R"("latent factors" "structured latent" "group actions" "content and style")",
          .must_have = {},
          .must_not = {},
          .categories = {"cs.LG", "stat.ML"},
          .authors = {},
          .min_score = kMinScore,
      },
      Profile{
          .name = "sparse-modular",
          .title = "Large sparse modular networks",
          .description =
              "Large sparse and modular neural networks: mixture-of-experts and conditional "
              "computation, expert routing and load balancing, modularity and specialisation "
              "inside "
              "networks, sparse training, dynamic sparsity, pruning and lottery tickets that yield "
              "sparse networks, and composing or merging modules. Inference-only quantisation or "
              "generic efficiency papers are not relevant.",
          .query =
              R"("mixture of experts" "mixture-of-experts" MoE title:MoE )"
              R"(title:"mixture of experts" "sparse mixture" "conditional computation" )"
              R"("expert routing" "router" "routing" "load balancing" "expert specialization" )"
              R"("expert specialisation" "modularity" "modular networks" "sparse training" )"
              R"("dynamic sparsity" "dynamic sparse" "pruning" "lottery ticket" "sparse networks" )"
              R"("sparse subnetworks" "model merging" "upcycling" "expert pruning" )"
              R"("expert merging" "activation sparsity" "structured pruning" )"
              R"("unstructured pruning" "top-k gating" "sparsely activated")",
          .must_have = {},
          .must_not = {},
          .categories = {"cs.LG", "cs.CL"},
          .authors = {},
          .min_score = kMinScore,
      },
  };
  return kProfiles;
}

}  // namespace arxiv

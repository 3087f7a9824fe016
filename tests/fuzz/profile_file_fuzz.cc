// libFuzzer target: profiles.toml text through parse_profiles. Any input must give profiles or an
// Error; and what it accepts must be valid and round-trip exactly through format_profiles (the
// server writes the file with it, so a profile that does not would be lost or changed on save).
// Seeds: the shipped profiles written as a file, and hand-made inputs in regressions/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "index/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto profiles = arxiv::parse_profiles(std::string_view(reinterpret_cast<const char*>(data), size),
                                        "profiles.toml");
  if (!profiles.ok()) return 0;
  for (const auto& p : profiles.value()) {
    if (!arxiv::validate_profile(p).ok()) __builtin_trap();
  }
  auto again = arxiv::parse_profiles(arxiv::format_profiles(profiles.value()), "formatted");
  if (!again.ok() || again.value() != profiles.value()) __builtin_trap();
  return 0;
}

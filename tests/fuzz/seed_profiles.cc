// Writes the seeds that come from the shipped profiles (default_profiles()), for `make fuzz`:
//   seed_profiles PROFILE_DIR QUERY_DIR
// PROFILE_DIR gets the profiles file as `format_profiles` writes it; QUERY_DIR one file per query,
// must_have and must_not entry. Exit 0 on success, 1 when a file cannot be written, 2 on usage.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "index/profile.h"

namespace {

bool write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seed_profiles PROFILE_DIR QUERY_DIR\n");
    return 2;
  }
  const std::filesystem::path profile_dir = argv[1], query_dir = argv[2];
  std::filesystem::create_directories(profile_dir);
  std::filesystem::create_directories(query_dir);
  const auto& profiles = arxiv::default_profiles();
  bool ok = write(profile_dir / "default-profiles.toml", arxiv::format_profiles(profiles));
  for (const auto& p : profiles) {
    ok = write(query_dir / (p.name + "-query"), p.query) && ok;
    int n = 0;
    for (const auto& m : p.must_have)
      ok = write(query_dir / (p.name + "-must-have-" + std::to_string(n++)), m) && ok;
    for (const auto& m : p.must_not)
      ok = write(query_dir / (p.name + "-must-not-" + std::to_string(n++)), m) && ok;
  }
  if (!ok) std::fprintf(stderr, "seed_profiles: cannot write the seeds\n");
  return ok ? 0 : 1;
}

// A small valid profile shared by the profile tests.
#pragma once

#include <string>
#include <utility>

#include "index/profile.h"

namespace arxiv::testing::profiles {

// A valid profile named `name` with a short query and every other field left at its default.
inline Profile minimal(std::string name) {
  Profile profile;
  profile.name = std::move(name);
  profile.query = "\"mixture of experts\" MoE";
  return profile;
}

}  // namespace arxiv::testing::profiles

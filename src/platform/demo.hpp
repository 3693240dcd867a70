// platform/demo.hpp — the seeded demo data set (`wcp demo --seed N`).
//
// Every record it creates is marked is_demo, and the UI shows a banner while
// demo records exist. The same seed gives the same data set. Running it again
// is harmless: records that exist are left alone.
#pragma once

#include <cstdint>
#include <filesystem>

#include "platform/platform.hpp"

namespace wcp::platform {

struct DemoSummary {
  int enterprises = 0;
  int users = 0;
  int records = 0;  // the modules' demo records (indicator observations: approved, hence ledgered)
};

// Demo users get passwords written to `password_file` (mode 0600).
Result<DemoSummary> LoadDemo(Platform& p, uint64_t seed, const std::filesystem::path& password_file);

}  // namespace wcp::platform

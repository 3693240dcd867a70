// modules/prices/testing.hpp — what the prices tests share: the shipped data
// files (data/prices/*.csv) as tables.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "core/csv.hpp"

namespace wcp::prices::testing {

inline CsvTable Shipped(const std::string& name) {
  const std::string file = std::string(WCP_SOURCE_DIR) + "/data/prices/" + name;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return *CsvTable::Parse(text.str(), file);
}

}  // namespace wcp::prices::testing

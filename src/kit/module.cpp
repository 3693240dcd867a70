#include "kit/module.hpp"

namespace wcp::kit {

Status Module::ImportCsv(std::string_view kind, const CsvTable&) {
  return Status::Invalid("the " + std::string(name()) + " module imports no '" + std::string(kind) + "'", "kind");
}

Result<std::string> Module::ExportCsv(std::string_view kind) {
  return Status::Invalid("the " + std::string(name()) + " module exports no '" + std::string(kind) + "'", "kind");
}

}  // namespace wcp::kit

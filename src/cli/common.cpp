#include "cli/common.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "core/log.hpp"

extern char** environ;

namespace wcp::cli {

int Fail(const Status& s, int code) {
  std::cerr << "wcp: " << s.message();
  if (!s.field().empty() && s.message().find(s.field()) == std::string::npos) {
    std::cerr << " (field: " << s.field() << ")";
  }
  if (!s.internal_detail().empty()) std::cerr << " [" << s.internal_detail() << "]";
  std::cerr << "\n";
  return code >= 0 ? code : ExitCodeFor(s);
}

Result<Config> BuildConfig(const std::string& config_file,
                           const std::vector<std::pair<std::string, std::string>>& overrides) {
  Config c;
  if (!config_file.empty()) WCP_RETURN_IF_ERROR(c.LoadFile(config_file));
  WCP_RETURN_IF_ERROR(c.LoadEnvironment(environ));
  for (const auto& [key, value] : overrides) {
    if (!value.empty()) WCP_RETURN_IF_ERROR(c.Set(key, value, "--" + key));
  }
  WCP_RETURN_IF_ERROR(InitLogging(c.GetString("log.format"), c.GetString("log.level")));
  return c;
}

}  // namespace wcp::cli

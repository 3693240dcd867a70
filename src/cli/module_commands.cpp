#include "cli/module_commands.hpp"

#include <iostream>

#include "cli/common.hpp"
#include "cli/exit_codes.hpp"
#include "platform/platform.hpp"

namespace wcp::cli {
namespace {

// Opens the platform and runs `command` of the module `module_name` on it
// with the options given (an empty value counts as not given).
int Run(const ModuleCommandFlags& f, const std::string& module_name, const kit::Command& described) {
  std::map<std::string, std::string> given;
  for (const auto& [name, value] : f.options) {
    if (!value.empty()) given[name] = value;
  }
  for (const auto& o : described.options) {
    if (o.required && !given.count(o.name)) return Fail(Status::Invalid("--" + o.name + " is required", o.name));
  }
  const std::string& command = described.name;
  auto config = BuildConfig(f.config_file ? *f.config_file : std::string(), {{"db", f.db}});
  if (!config.ok()) return Fail(config.status());
  auto p = platform::Open(*config);
  if (!p.ok()) return Fail(p.status());
  for (auto& m : (*p)->modules) {
    if (m->name() != module_name) continue;
    for (auto& c : m->Commands()) {
      if (c.name != command) continue;
      if (Status s = c.run(given, std::cout); !s.ok()) return Fail(s);
      return kExitOk;
    }
  }
  return Fail(Status::Internal("no command '" + command + "' in module '" + module_name + "'"));
}

}  // namespace

void AddModuleCommands(CLI::App& app, ModuleCommandFlags& f, int& rc) {
  for (const auto& module : platform::MakeModules()) {
    auto commands = module->Commands();
    if (commands.empty()) continue;
    const std::string name(module->name());
    auto* group = app.add_subcommand(name, "the " + name + " module's commands");
    group->require_subcommand(1);
    for (const auto& c : commands) {
      auto* cmd = group->add_subcommand(c.name, c.help);
      cmd->add_option("--db", f.db, "database URL: sqlite:PATH or postgresql://… (env WCP_DB)");
      for (const auto& o : c.options) {
        auto* opt = cmd->add_option("--" + o.name, f.options[o.name], o.help);
        if (o.required) opt->required();
      }
      cmd->callback([&f, &rc, name, c] { rc = Run(f, name, c); });
    }
  }
}

}  // namespace wcp::cli

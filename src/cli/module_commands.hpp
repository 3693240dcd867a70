// cli/module_commands.hpp — `wcp <module> <command> …`: each business
// module's own commands (kit::Module::Commands), registered from the module
// list so that adding a module adds its commands without touching the CLI.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>

namespace wcp::cli {

struct ModuleCommandFlags {
  const std::string* config_file = nullptr;  // the global --config (set by main)
  std::string db;
  std::map<std::string, std::string> options;  // the chosen command's, by name
};

// Registers one subcommand per module that has commands. `exit_code`
// receives the result of the command that ran.
void AddModuleCommands(CLI::App& app, ModuleCommandFlags& flags, int& exit_code);

}  // namespace wcp::cli

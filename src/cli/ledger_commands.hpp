// cli/ledger_commands.hpp — `wcp ledger …`: receipt and consistency
// verification, audit, and monitoring of a running server's checkpoints.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace wcp::cli {

struct LedgerFlags {
  std::string db, file, key, url;
  std::vector<std::string> checkpoints;  // consistency: older ones, then the newest
  int interval_seconds = 5;
  int count = 0;  // 0: forever
};

// Registers the `ledger` subcommand tree on `app`. `run` receives the exit code.
void AddLedgerCommands(CLI::App& app, LedgerFlags& flags, int& exit_code);

}  // namespace wcp::cli

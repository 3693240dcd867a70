#include "cli/ledger_commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "cli/common.hpp"
#include "cli/exit_codes.hpp"
#include "cli/http_client.hpp"
#include "core/config.hpp"
#include "core/files.hpp"
#include "core/json.hpp"
#include "ledger/log.hpp"
#include "platform/platform.hpp"


namespace wcp::cli {
namespace {

// A vkey given inline or as a file holding it.
Result<ledger::NoteVerifier> LoadVerifier(const std::string& key) {
  if (key.find('+') == std::string::npos) {
    WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(key));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return ledger::NoteVerifier::Parse(text);
  }
  return ledger::NoteVerifier::Parse(key);
}

Result<std::unique_ptr<platform::Platform>> OpenPlatform(const std::string& db) {
  WCP_ASSIGN_OR_RETURN(Config c, BuildConfig("", {{"db", db}}));
  return platform::Open(c);
}

Result<ledger::Checkpoint> OpenCheckpoint(const std::string& note, const ledger::NoteVerifier& v) {
  WCP_ASSIGN_OR_RETURN(std::string text, ledger::OpenNote(note, v));
  return ledger::Checkpoint::Parse(text);
}

std::vector<std::string> Raw(const std::vector<ledger::Hash>& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.emplace_back(ledger::AsBytes(h));
  return out;
}

int VerifyReceiptCommand(const LedgerFlags& f) {
  auto verifier = LoadVerifier(f.key);
  if (!verifier.ok()) return Fail(verifier.status());
  auto text = ReadFile(f.file);
  if (!text.ok()) return Fail(text.status());
  auto receipt = ledger::Receipt::Parse(*text);
  if (!receipt.ok()) return Fail(receipt.status().WithContext(f.file), kExitInvalidInput);
  auto leaf = ledger::VerifyReceipt(*receipt, *verifier);
  if (!leaf.ok()) return Fail(leaf.status().WithContext("receipt does NOT verify"), kExitVerificationFailed);
  std::cout << "receipt verifies: " << leaf->kind << "/" << leaf->record_id << " is entry " << receipt->index
            << " of log " << verifier->name << "\n";
  return kExitOk;
}

// Every older checkpoint against the newest (the last file).
int ConsistencyCommand(const LedgerFlags& f) {
  auto p = OpenPlatform(f.db);
  if (!p.ok()) return Fail(p.status());
  const ledger::NoteVerifier& v = (*p)->ledger->verifier();
  const std::string& newest_file = f.checkpoints.back();
  auto new_note = ReadFile(newest_file);
  if (!new_note.ok()) return Fail(new_note.status());
  auto b = OpenCheckpoint(*new_note, v);
  if (!b.ok()) return Fail(b.status().WithContext(newest_file), kExitVerificationFailed);
  for (size_t i = 0; i + 1 < f.checkpoints.size(); ++i) {
    const std::string& file = f.checkpoints[i];
    auto old_note = ReadFile(file);
    if (!old_note.ok()) return Fail(old_note.status());
    auto a = OpenCheckpoint(*old_note, v);
    if (!a.ok()) return Fail(a.status().WithContext(file), kExitVerificationFailed);
    if (a->size > b->size) return Fail(Status::Invalid(file + " is newer than " + newest_file), kExitVerificationFailed);
    if (a->size == 0) continue;  // the empty tree is a prefix of every tree
    auto proof = (*p)->ledger->ConsistencyProof(a->size, b->size);
    if (!proof.ok()) return Fail(proof.status());
    Status s = ledger::VerifyConsistency(a->size, b->size, Raw(*proof), ledger::AsBytes(a->root), ledger::AsBytes(b->root));
    if (!s.ok()) return Fail(s.WithContext(file + " is NOT consistent with " + newest_file), kExitVerificationFailed);
  }
  std::cout << "consistent: " << f.checkpoints.size() - 1 << " checkpoint(s) are prefixes of checkpoint " << b->size << "\n";
  return kExitOk;
}

int AuditCommand(const LedgerFlags& f) {
  auto p = OpenPlatform(f.db);
  if (!p.ok()) return Fail(p.status());
  if (Status s = (*p)->ledger->Flush(); !s.ok()) return Fail(s);
  auto report = (*p)->ledger->Audit(platform::LedgerSources(**p));
  if (!report.ok()) return Fail(report.status());
  for (const auto& problem : report->problems) std::cout << "PROBLEM: " << problem.message << "\n";
  std::cout << (report->ok ? "audit passed" : "audit FAILED") << ": " << report->checked_size
            << " entries checked against checkpoint root " << report->checkpoint_root_b64 << "\n";
  return report->ok ? kExitOk : kExitVerificationFailed;
}

int MonitorCommand(const LedgerFlags& f) {
  auto verifier = LoadVerifier(f.key);
  if (!verifier.ok()) return Fail(verifier.status());
  std::string base = f.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::optional<ledger::Checkpoint> last;
  for (int round = 0; f.count == 0 || round < f.count; ++round) {
    if (round > 0) std::this_thread::sleep_for(std::chrono::seconds(f.interval_seconds));
    auto res = HttpGet(base + "/ledger/checkpoint");
    if (!res.ok()) return Fail(res.status());
    if (res->status != 200) return Fail(Status::Unavailable("checkpoint fetch answered " + std::to_string(res->status)));
    auto cp = OpenCheckpoint(res->body, *verifier);
    if (!cp.ok()) return Fail(cp.status().WithContext("checkpoint rejected"), kExitVerificationFailed);
    if (last && cp->size < last->size) {
      return Fail(Status::Invalid("the log shrank from " + std::to_string(last->size) + " to " + std::to_string(cp->size)),
                  kExitVerificationFailed);
    }
    if (last && last->size > 0 && cp->size > last->size) {
      auto proof_res = HttpGet(base + "/api/v1/ledger/proofs/consistency?from=" + std::to_string(last->size) +
                               "&to=" + std::to_string(cp->size));
      if (!proof_res.ok()) return Fail(proof_res.status());
      auto j = ParseStrictJson(proof_res->body);
      if (!j.ok() || !(*j).contains("proof")) return Fail(Status::Invalid("bad consistency proof response"), kExitVerificationFailed);
      std::vector<std::string> proof;
      for (const auto& h : (*j)["proof"]) proof.push_back(*ledger::Base64Decode(h.get<std::string>()));
      Status s = ledger::VerifyConsistency(last->size, cp->size, proof, ledger::AsBytes(last->root), ledger::AsBytes(cp->root));
      if (!s.ok()) return Fail(s.WithContext("INCONSISTENT checkpoints"), kExitVerificationFailed);
    } else if (last && cp->size == last->size && cp->root != last->root) {
      return Fail(Status::Invalid("two different roots for size " + std::to_string(cp->size)), kExitVerificationFailed);
    }
    std::cout << "checkpoint " << cp->size << " " << ledger::Base64Encode(ledger::AsBytes(cp->root))
              << (last ? " consistent with " + std::to_string(last->size) : " (first seen)") << "\n"
              << std::flush;
    last = *cp;
  }
  return kExitOk;
}

// init-key / rotate-key: the database without opening the log itself.
int KeyCommand(const LedgerFlags& f, bool rotate) {
  auto config = BuildConfig("", {{"db", f.db}});
  if (!config.ok()) return Fail(config.status());
  auto db = platform::OpenMigrated(*config);
  if (!db.ok()) return Fail(db.status());
  const ledger::LogOptions options = platform::LedgerOptions(*config);
  auto vkey = rotate ? ledger::Log::RotateKey(**db, options) : ledger::Log::InitKey(**db, options);
  if (!vkey.ok()) return Fail(vkey.status());
  std::cout << (rotate ? "rotated; the log's key is now " : "the log's key is ") << *vkey << " ("
            << options.key_file.string() << ")\n";
  return kExitOk;
}

}  // namespace

void AddLedgerCommands(CLI::App& app, LedgerFlags& f, int& rc) {
  auto* ledger = app.add_subcommand("ledger", "verify receipts and checkpoints, audit the log");
  ledger->require_subcommand(1);

  auto* verify = ledger->add_subcommand("verify-receipt", "verify a .tlog-proof receipt offline (no database)");
  verify->add_option("file", f.file, "receipt file")->required()->check(CLI::ExistingFile);
  verify->add_option("--key", f.key, "the log's verifier key (vkey string or file)")->required();
  verify->callback([&] { rc = VerifyReceiptCommand(f); });

  auto* consistency = ledger->add_subcommand("consistency", "check that older checkpoints are prefixes of a newer one");
  consistency->add_option("checkpoints", f.checkpoints, "OLD [OLD …] NEW: checkpoint files, the newest last")
      ->required()
      ->expected(2, 100000)
      ->check(CLI::ExistingFile);
  consistency->add_option("--db", f.db, "database URL");
  consistency->callback([&] { rc = ConsistencyCommand(f); });

  auto* audit = ledger->add_subcommand("audit", "recompute every leaf from the records and compare with the log");
  audit->add_option("--db", f.db, "database URL");
  audit->callback([&] { rc = AuditCommand(f); });

  auto* init_key = ledger->add_subcommand(
      "init-key", "create (or adopt) the signing key of a database whose log has none recorded yet");
  init_key->add_option("--db", f.db, "database URL");
  init_key->callback([&] { rc = KeyCommand(f, false); });

  auto* rotate_key = ledger->add_subcommand(
      "rotate-key", "with every server stopped: sign from now on with a new key (docs/operations.md)");
  rotate_key->add_option("--db", f.db, "database URL");
  rotate_key->callback([&] { rc = KeyCommand(f, true); });

  auto* monitor = ledger->add_subcommand("monitor", "poll a server's checkpoints and verify each is consistent with the last");
  monitor->add_option("url", f.url, "server base URL, e.g. http://127.0.0.1:8080")->required();
  monitor->add_option("--key", f.key, "the log's verifier key (vkey string or file)")->required();
  monitor->add_option("--interval", f.interval_seconds, "seconds between polls")->check(CLI::Range(1, 3600));
  monitor->add_option("--count", f.count, "stop after this many polls (default: forever)");
  monitor->callback([&] { rc = MonitorCommand(f); });
}

}  // namespace wcp::cli
